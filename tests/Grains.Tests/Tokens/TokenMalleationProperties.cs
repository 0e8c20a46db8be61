using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Leasehold.Grains.Tests.Tokens;

/// <summary>
/// A token is accepted only as it was issued, byte for byte: every malleation of a genuine token — a character
/// appended or inserted, padding, a letter's case flipped, the standard base64 alphabet instead of base64url, white
/// space, any single character replaced or removed — is refused, and refused as an invalid token before any claim is read.
/// </summary>
public sealed class TokenMalleationProperties
{
    private static readonly FencingToken Claims = new("k1", "orders", 42, "0123456789abcdef0123456789abcdef", "alice/worker-1");

    [Property(Arbitrary = [typeof(TokenMalleationProperties)], MaxTest = 2000)]
    public async Task Every_malleation_of_a_genuine_token_is_refused(FencingToken claims, Malleation malleation)
    {
        using var signer = await TestSigners.CreateAsync(claims.KeyId);
        var genuine = signer.Sign(claims);
        var changed = malleation.Apply(genuine);
        if (changed == genuine || genuine.Length > FencingToken.MaxLength)
        {
            return;
        }

        var verified = signer.Verify(changed);

        Assert.False(verified.IsValid, $"{malleation} turned '{genuine}' into '{changed}', which verified");
    }

    [Property(Arbitrary = [typeof(TokenMalleationProperties)], MaxTest = 500)]
    public async Task A_refused_malleation_never_yields_claims(Malleation malleation)
    {
        using var signer = await TestSigners.CreateAsync();
        var changed = malleation.Apply(signer.Sign(Claims));

        var verified = signer.Verify(changed);

        Assert.True(verified.IsValid ? verified.Token == Claims : verified.Token is null && verified.Error is not null);
    }

    [Fact]
    public async Task The_malleations_the_attack_used_are_refused()
    {
        using var signer = await TestSigners.CreateAsync();
        var genuine = signer.Sign(Claims);
        var signedText = genuine[..genuine.LastIndexOf('.')];

        string[] attacks =
        [
            genuine + "=", genuine + "==", genuine + " ", genuine + "A", " " + genuine,
            $"{signedText}=.{genuine[(genuine.LastIndexOf('.') + 1)..]}",
            genuine.Replace('-', '+').Replace('_', '/'),
            genuine.ToUpperInvariant(), "LH1" + genuine[3..],
        ];

        Assert.All(attacks.Where(a => a != genuine), attack => Assert.False(signer.Verify(attack).IsValid, attack));
    }

    [Fact]
    public async Task A_token_whose_holder_was_altered_is_refused_as_a_bad_signature_not_judged_by_its_holder()
    {
        using var signer = await TestSigners.CreateAsync();
        var genuine = signer.Sign(Claims);
        var altered = $"{(Claims with { Holder = "bob" }).SignedText()}.{genuine[(genuine.LastIndexOf('.') + 1)..]}";

        var verified = signer.Verify(altered);

        Assert.False(verified.IsValid);
        Assert.Null(verified.Token);
        Assert.Contains("signature", verified.Error, StringComparison.Ordinal);
    }

    public static Arbitrary<FencingToken> Tokens() => TokenArbitraries.Tokens();

    public static Arbitrary<Malleation> Malleations()
    {
        // Every ASCII character and a few beyond: the base64 alphabets, padding, dots, white space, control characters.
        var characters = Gen.OneOf(Gen.Choose(0, 127).Select(c => (char)c), Gen.Elements('é', '\u00a0', '\u2028', '\uff0e'));
        var positions = ArbMap.Default.GeneratorFor<NonNegativeInt>().Select(p => p.Get);
        var kinds = Gen.Elements(Enum.GetValues<MalleationKind>());
        return (from kind in kinds
                from position in positions
                from character in characters
                select new Malleation(kind, position, character)).ToArbitrary();
    }
}

/// <summary>What a malleation does to a token.</summary>
public enum MalleationKind
{
    Append,
    Insert,
    Replace,
    Remove,
    PadSegment,
    FlipCase,
    StandardAlphabet,
    Whitespace,
}

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
