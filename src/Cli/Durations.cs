using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Leasehold.Cli;

/// <summary>Durations on the command line: <c>500ms</c>, <c>30s</c>, <c>2m</c>, <c>1h</c>, or <c>hh:mm:ss</c>. A bare number has no unit and is refused.</summary>
internal static class Durations
{
    public static Option<TimeSpan> Option(string name, string description, TimeSpan? defaultValue = null)
    {
        var option = new Option<TimeSpan>(name)
        {
            Description = description,
            HelpName = "duration",
            CustomParser = Parse,
            Required = defaultValue is null,
        };
        if (defaultValue is { } value)
        {
            option.DefaultValueFactory = _ => value;
        }

        return option;
    }

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        text = text.Trim();
        (string Suffix, double Scale)[] units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];
        foreach (var (suffix, scale) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
                && amount >= 0)
            {
                value = TimeSpan.FromMilliseconds(amount * scale);
                return true;
            }
        }

        return text.Contains(':', StringComparison.Ordinal)
            && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value)
            && value >= TimeSpan.Zero;
    }

    private static TimeSpan Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (TryParse(text, out var value))
        {
            return value;
        }

        result.AddError($"'{text}' is not a duration: write 500ms, 30s, 2m, 1h or 00:00:30.");
        return default;
    }
}
