using System.Globalization;

namespace Leasehold.Telemetry.Tests.Otlp;

/// <summary>
/// Decodes an <c>ExportTraceServiceRequest</c> (opentelemetry/proto/collector/trace/v1): resource_spans(1) →
/// scope_spans(2) → scope(1).name(1) and spans(2) → trace_id(1), span_id(2), parent_span_id(4), name(5), kind(6),
/// attributes(9) as KeyValue key(1), value(2) AnyValue string(1) bool(2) int(3) double(4).
/// </summary>
internal static class OtlpTraceDecoder
{
    public static IEnumerable<OtlpSpan> Decode(byte[] request)
    {
        var spans = new List<OtlpSpan>();
        var reader = new ProtobufReader(request);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1 && wire == 2)
            {
                ResourceSpans(reader.ReadBytes(), spans);
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return spans;
    }

    /// <summary>
    /// The resources' attributes in an export request of any signal: resource_spans / resource_metrics / resource_logs(1)
    /// → resource(1) → attributes(1), the same numbers for all three.
    /// </summary>
    public static IEnumerable<IReadOnlyDictionary<string, string>> Resources(byte[] request)
    {
        var resources = new List<IReadOnlyDictionary<string, string>>();
        var reader = new ProtobufReader(request);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1 && wire == 2)
            {
                var signal = new ProtobufReader(reader.ReadBytes());
                while (signal.Next(out var inner, out var innerWire))
                {
                    if (inner == 1 && innerWire == 2)
                    {
                        resources.Add(Attributes(signal.ReadBytes()));
                    }
                    else
                    {
                        signal.Skip(innerWire);
                    }
                }
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return resources;
    }

    private static Dictionary<string, string> Attributes(ReadOnlySpan<byte> resource)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new ProtobufReader(resource);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1 && wire == 2)
            {
                var (key, value) = KeyValue(reader.ReadBytes());
                attributes[key] = value;
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return attributes;
    }

    private static void ResourceSpans(ReadOnlySpan<byte> data, List<OtlpSpan> spans)
    {
        var reader = new ProtobufReader(data);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 2 && wire == 2)
            {
                ScopeSpans(reader.ReadBytes(), spans);
            }
            else
            {
                reader.Skip(wire);
            }
        }
    }

    private static void ScopeSpans(ReadOnlySpan<byte> data, List<OtlpSpan> spans)
    {
        var scope = "";
        var raw = new List<byte[]>();
        var reader = new ProtobufReader(data);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1 && wire == 2)
            {
                scope = ScopeName(reader.ReadBytes());
            }
            else if (field == 2 && wire == 2)
            {
                raw.Add(reader.ReadBytes().ToArray());
            }
            else
            {
                reader.Skip(wire);
            }
        }

        spans.AddRange(raw.Select(bytes => Span(bytes, scope)));
    }

    private static string ScopeName(ReadOnlySpan<byte> data)
    {
        var reader = new ProtobufReader(data);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1 && wire == 2)
            {
                return reader.ReadString();
            }

            reader.Skip(wire);
        }

        return "";
    }

    private static OtlpSpan Span(ReadOnlySpan<byte> data, string scope)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        var kind = 0;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new ProtobufReader(data);
        while (reader.Next(out var field, out var wire))
        {
            switch (field, wire)
            {
                case (1, 2): traceId = Convert.ToHexStringLower(reader.ReadBytes()); break;
                case (2, 2): spanId = Convert.ToHexStringLower(reader.ReadBytes()); break;
                case (4, 2): parent = Convert.ToHexStringLower(reader.ReadBytes()); break;
                case (5, 2): name = reader.ReadString(); break;
                case (6, 0): kind = (int)reader.ReadVarint(); break;
                case (9, 2):
                    var (key, value) = KeyValue(reader.ReadBytes());
                    attributes[key] = value;
                    break;
                default: reader.Skip(wire); break;
            }
        }

        return new OtlpSpan(traceId, spanId, parent, name, kind, scope, attributes);
    }

    private static (string Key, string Value) KeyValue(ReadOnlySpan<byte> data)
    {
        string key = "", value = "";
        var reader = new ProtobufReader(data);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1 && wire == 2)
            {
                key = reader.ReadString();
            }
            else if (field == 2 && wire == 2)
            {
                value = AnyValue(reader.ReadBytes());
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return (key, value);
    }

    private static string AnyValue(ReadOnlySpan<byte> data)
    {
        var reader = new ProtobufReader(data);
        while (reader.Next(out var field, out var wire))
        {
            switch (field, wire)
            {
                case (1, 2): return reader.ReadString();
                case (2, 0): return reader.ReadVarint() != 0 ? "true" : "false";
                case (3, 0): return ((long)reader.ReadVarint()).ToString(CultureInfo.InvariantCulture);
                case (4, 1): return reader.ReadDouble().ToString(CultureInfo.InvariantCulture);
                default: reader.Skip(wire); break;
            }
        }

        return "";
    }
}
