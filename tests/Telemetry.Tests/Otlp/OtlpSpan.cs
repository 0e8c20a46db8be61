namespace Leasehold.Telemetry.Tests.Otlp;

/// <summary>One span as it arrived over OTLP: ids in hex, its scope (the ActivitySource) and its attributes as text.</summary>
internal sealed record OtlpSpan(string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, string Scope, IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>OTLP's SpanKind numbers.</summary>
    public const int Internal = 1, Server = 2, Client = 3;

    public string? this[string attribute] => Attributes.GetValueOrDefault(attribute);

    public override string ToString() => $"{Scope} {Name} kind={Kind} span={SpanId} parent={ParentSpanId} [{string.Join(", ", Attributes.Select(a => $"{a.Key}={a.Value}"))}]";
}
