using System.Text.RegularExpressions;

namespace Leasehold.Readme.Tests;

/// <summary>
/// A <c># -> text</c> comment: a line the walkthrough prints. It matches an output line whole (trailing spaces and a
/// carriage return aside), where each <c>...</c> in it stands for any text.
/// </summary>
/// <param name="Text">The expected line.</param>
/// <param name="ReadmeLine">Where it is in the README (1-based), for a failure message.</param>
internal sealed record Expectation(string Text, int ReadmeLine)
{
    private const string Arrow = "# -> ";

    private Regex Pattern { get; } = new(
        "^" + string.Join(".*", Text.Split("...").Select(Regex.Escape)) + "$",
        RegexOptions.CultureInvariant | RegexOptions.Singleline);

    /// <summary>The expectation on a line of a block: a comment line <c># -> text</c>, or one after a command.</summary>
    public static Expectation? FromLine(string line, int readmeLine)
    {
        var trimmed = line.TrimStart();
        var at = trimmed.StartsWith(Arrow, StringComparison.Ordinal) ? 0 : trimmed.IndexOf(" " + Arrow, StringComparison.Ordinal) is var i and >= 0 ? i + 1 : -1;
        return at < 0 ? null : new Expectation(trimmed[(at + Arrow.Length)..].TrimEnd(), readmeLine);
    }

    public bool Matches(string outputLine) => Pattern.IsMatch(outputLine.TrimEnd('\r', ' ', '\t'));

    /// <summary>
    /// Finds <paramref name="expectations"/> in <paramref name="output"/> in order, each on a later line than the one
    /// before (other lines may come between: logs, headers, lines the README does not show). Null when all are found,
    /// else what is missing.
    /// </summary>
    public static string? FindInOrder(IReadOnlyList<Expectation> expectations, IReadOnlyList<string> output)
    {
        var next = 0;
        foreach (var expectation in expectations)
        {
            var found = -1;
            for (var line = next; line < output.Count; line++)
            {
                if (expectation.Matches(output[line]))
                {
                    found = line;
                    break;
                }
            }

            if (found < 0)
            {
                return next == 0
                    ? $"README line {expectation.ReadmeLine}: no output line is `{expectation.Text}`."
                    : $"README line {expectation.ReadmeLine}: no output line after line {next} (`{output[next - 1].TrimEnd('\r')}`) is `{expectation.Text}`.";
            }

            next = found + 1;
        }

        return null;
    }
}
