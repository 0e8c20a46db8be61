namespace Leasehold.Grains.Tests.Tokens;

/// <summary>One change to a token's text, at a position taken modulo its length.</summary>
public sealed record Malleation(MalleationKind Kind, int Position, char Character)
{
    public string Apply(string token)
    {
        var at = Position % token.Length;
        return Kind switch
        {
            MalleationKind.Append => token + Character,
            MalleationKind.Insert => token.Insert(at, Character.ToString()),
            MalleationKind.Replace => string.Concat(token.AsSpan(0, at), Character.ToString(), token.AsSpan(at + 1)),
            MalleationKind.Remove => token.Remove(at, 1),
            MalleationKind.PadSegment => PadSegment(token, at),
            MalleationKind.FlipCase => FlipCase(token, at),
            MalleationKind.StandardAlphabet => token.Replace('-', '+').Replace('_', '/'),
            _ => token.Insert(at, Position % 2 == 0 ? " " : "\t"),
        };
    }

    /// <summary>One or two '=' at the end of the segment the position falls in (before its dot, or at the very end).</summary>
    private string PadSegment(string token, int at)
    {
        var end = token.IndexOf('.', at);
        var padding = Position % 2 == 0 ? "=" : "==";
        return end < 0 ? token + padding : token.Insert(end, padding);
    }

    /// <summary>The case of the first letter at or after the position flipped.</summary>
    private static string FlipCase(string token, int at)
    {
        for (var i = 0; i < token.Length; i++)
        {
            var index = (at + i) % token.Length;
            var c = token[index];
            if (char.IsAsciiLetter(c))
            {
                var flipped = char.IsAsciiLetterUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c);
                return string.Concat(token.AsSpan(0, index), flipped.ToString(), token.AsSpan(index + 1));
            }
        }

        return token;
    }
}
