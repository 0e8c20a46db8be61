using System.Globalization;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Leasehold.Telemetry;

/// <summary>
/// Prints each collected metric: its name and unit, then one line per attribute set with the value (a sum, a gauge's
/// last value, or a histogram's count, sum, min and max).
/// </summary>
/// <example>
/// <code>
/// metric leasehold.fence.rejections ({write}) Fenced writes refused, by reason (stale-fence, invalid-token, wrong-resource).
///      leasehold.rejection.reason=stale-fence 1
/// </code>
/// </example>
public sealed class ConsoleMetricExporter(TextWriter output) : BaseExporter<Metric>
{
    private const string Indent = "     ";

    public override ExportResult Export(in Batch<Metric> batch)
    {
        var text = new StringBuilder();
        foreach (var metric in batch)
        {
            text.Append(CultureInfo.InvariantCulture, $"metric {metric.Name} ({metric.Unit}) {metric.Description}").AppendLine();
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                text.Append(Indent);
                foreach (var tag in point.Tags)
                {
                    text.Append(tag.Key).Append('=').Append(Convert.ToString(tag.Value, CultureInfo.InvariantCulture)).Append(' ');
                }

                text.Append(Value(metric.MetricType, point)).AppendLine();
            }
        }

        output.Write(text.ToString());
        output.Flush();
        return ExportResult.Success;
    }

    private static string Value(MetricType type, in MetricPoint point)
    {
        if (type.IsHistogram())
        {
            var minMax = point.TryGetHistogramMinMaxValues(out var min, out var max)
                ? string.Create(CultureInfo.InvariantCulture, $" min={min:0.######} max={max:0.######}")
                : "";
            return string.Create(CultureInfo.InvariantCulture, $"count={point.GetHistogramCount()} sum={point.GetHistogramSum():0.######}{minMax}");
        }

        return (type.IsSum(), type.IsDouble()) switch
        {
            (true, true) => point.GetSumDouble().ToString("0.######", CultureInfo.InvariantCulture),
            (true, false) => point.GetSumLong().ToString(CultureInfo.InvariantCulture),
            (false, true) => point.GetGaugeLastValueDouble().ToString("0.######", CultureInfo.InvariantCulture),
            (false, false) => point.GetGaugeLastValueLong().ToString(CultureInfo.InvariantCulture),
        };
    }
}
