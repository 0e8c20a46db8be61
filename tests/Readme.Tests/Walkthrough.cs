using System.Text.RegularExpressions;

namespace Leasehold.Readme.Tests;

/// <summary>
/// One walkthrough of the README: the shell blocks marked <c>&lt;!-- replay: name --&gt;</c> with the same name, in the
/// order the README shows them, run as one script (a later block uses what an earlier one started).
/// </summary>
/// <param name="Name">The marker's name.</param>
/// <param name="Script">The blocks' text, joined.</param>
/// <param name="Expectations">Every <c># -> </c> comment of the blocks, in order.</param>
internal sealed record Walkthrough(string Name, string Script, IReadOnlyList<Expectation> Expectations)
{
    private static readonly Regex Marker = new(@"^<!--\s*replay:\s*(?<name>[a-z0-9-]+)\s*-->\s*$", RegexOptions.CultureInvariant);

    /// <summary>Reads the marked walkthroughs of a README, by name in the order of their first block.</summary>
    public static IReadOnlyList<Walkthrough> Parse(string readme)
    {
        var lines = readme.ReplaceLineEndings("\n").Split('\n');
        var blocks = new List<(string Name, int FirstLine, List<string> Lines)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var marker = Marker.Match(lines[i]);
            if (!marker.Success)
            {
                continue;
            }

            var fence = i + 1;
            while (fence < lines.Length && lines[fence].Length == 0)
            {
                fence++;
            }

            if (fence >= lines.Length || lines[fence] != "```bash")
            {
                throw new FormatException($"README line {i + 1}: a replay marker must come right before a ```bash block.");
            }

            var body = new List<string>();
            var line = fence + 1;
            for (; line < lines.Length && lines[line] != "```"; line++)
            {
                body.Add(lines[line]);
            }

            if (line >= lines.Length)
            {
                throw new FormatException($"README line {fence + 1}: the block never ends.");
            }

            blocks.Add((marker.Groups["name"].Value, fence + 2, body));
            i = line;
        }

        return blocks
            .GroupBy(b => b.Name)
            .Select(group => new Walkthrough(
                group.Key,
                string.Join("\n", group.SelectMany(b => b.Lines)) + "\n",
                group.SelectMany(b => b.Lines.Select((text, index) => Expectation.FromLine(text, b.FirstLine + index)))
                    .OfType<Expectation>()
                    .ToList()))
            .ToList();
    }
}
