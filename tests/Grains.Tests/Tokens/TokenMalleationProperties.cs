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
