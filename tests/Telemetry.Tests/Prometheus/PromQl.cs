using System.Text.RegularExpressions;

namespace Leasehold.Telemetry.Tests.Prometheus;

/// <summary>
/// Just enough PromQL to list what a query reads: the metric names it selects and the labels it groups by. Strings,
/// label matchers and range selectors are removed first; what is left that is neither a function call, a keyword nor a
/// number is a metric name.
/// </summary>
internal static partial class PromQl
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset",
        "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values", "group",
    };

    /// <summary>The metric names <paramref name="expr"/> selects.</summary>
    public static IReadOnlyList<string> MetricNames(string expr)
    {
        var bare = Grouping().Replace(Range().Replace(Matchers().Replace(Strings().Replace(expr, ""), ""), ""), "");
        return [.. Identifier().Matches(bare)
            .Where(m => !m.Groups["call"].Success && !Keywords.Contains(m.Groups["name"].Value))
            .Select(m => m.Groups["name"].Value)
            .Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The labels <paramref name="expr"/> groups by (<c>by (a, b)</c>).</summary>
    public static IReadOnlyList<string> GroupingLabels(string expr) =>
        [.. Grouping().Matches(Strings().Replace(expr, ""))
            .SelectMany(m => m.Groups["labels"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Distinct(StringComparer.Ordinal)];

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Range();

    [GeneratedRegex(@"\b(?:by|without)\s*\((?<labels>[^)]*)\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"(?<![\w.$])(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<call>\s*\()?")]
    private static partial Regex Identifier();
}
