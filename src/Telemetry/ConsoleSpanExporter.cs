using System.Diagnostics;
using System.Globalization;
using System.Text;
using OpenTelemetry;

namespace Leasehold.Telemetry;

/// <summary>
/// Prints each finished span as two or three short lines a person can read: kind, name, duration, ids, then its
/// attributes, status and events. Children end before their parents, so a request's own span comes last; the
/// shared trace id ties them together.
/// </summary>
/// <example>
/// <code>
/// span Internal leasehold.object.write 3.21 ms trace=4bf92f3577b34da6a3ce929d0e0e4736 span=00f067aa0ba902b7 parent=53995c3f42cd8ad8
///      leasehold.object.key=report.txt leasehold.fence=2 leasehold.fence.highest=2 leasehold.write.outcome=accepted
/// </code>
/// </example>
public sealed class ConsoleSpanExporter(TextWriter output) : BaseExporter<Activity>
{
    private const string Indent = "     ";

    public override ExportResult Export(in Batch<Activity> batch)
    {
        var text = new StringBuilder();
        foreach (var span in batch)
        {
            Append(text, span);
        }

        output.Write(text.ToString());
        output.Flush();
        return ExportResult.Success;
    }

    /// <summary>Appends one span's lines.</summary>
    internal static void Append(StringBuilder text, Activity span)
    {
        var parent = span.ParentSpanId == default ? "-" : span.ParentSpanId.ToHexString();
        text.Append(CultureInfo.InvariantCulture, $"span {span.Kind} {span.DisplayName} {span.Duration.TotalMilliseconds:0.00} ms ")
            .Append(CultureInfo.InvariantCulture, $"trace={span.TraceId.ToHexString()} span={span.SpanId.ToHexString()} parent={parent}")
            .AppendLine();

        var tags = span.TagObjects.Where(t => t.Value is not null).Select(t => $"{t.Key}={Format(t.Value)}").ToList();
        if (tags.Count > 0)
        {
            text.Append(Indent).AppendJoin(' ', tags).AppendLine();
        }

        if (span.Status != ActivityStatusCode.Unset)
        {
            text.Append(Indent).Append("status=").Append(span.Status);
            if (!string.IsNullOrEmpty(span.StatusDescription))
            {
                text.Append(": ").Append(span.StatusDescription);
            }

            text.AppendLine();
        }

        foreach (var e in span.Events)
        {
            text.Append(Indent).Append("event ").Append(e.Name);
            foreach (var tag in e.Tags)
            {
                text.Append(' ').Append(tag.Key).Append('=').Append(Format(tag.Value));
            }

            text.AppendLine();
        }
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        string s => s.Contains(' ', StringComparison.Ordinal) ? $"\"{s}\"" : s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
