using FsCheck;
using FsCheck.Xunit;
using Leasehold.Grains.Tokens;

namespace Leasehold.Grains.Tests.Tokens;

public sealed class FencingTokenProperties
{
    private const string Replacements = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ é\0";

    [Property(Arbitrary = [typeof(TokenArbitraries)], MaxTest = 300)]
    public void Signed_text_decodes_back_to_the_same_claims(FencingToken claims, byte[] signature)
    {
        var text = $"{claims.SignedText()}.{System.Buffers.Text.Base64Url.EncodeToString(signature)}";

        var decoded = FencingToken.TryDecode(text, out var token, out var signedText, out var decodedSignature, out var error);

        if (signature.Length == 0)
        {
            // An empty signature segment is not a token.
            Assert.False(decoded);
            return;
        }

        Assert.True(decoded, error);
        Assert.Equal(claims, token);
        Assert.Equal(claims.SignedText(), signedText);
        Assert.Equal(signature, decodedSignature);
    }

    [Property(Arbitrary = [typeof(TokenArbitraries)], MaxTest = 300)]
    public async Task A_signed_token_verifies_with_exactly_its_claims(FencingToken claims)
    {
        using var signer = await TestSigners.CreateAsync(claims.KeyId);

        var token = signer.Sign(claims);

        var verified = signer.Verify(token);

        if (token.Length > FencingToken.MaxLength)
        {
            Assert.False(verified.IsValid);
            return;
        }

        Assert.True(verified.IsValid, verified.Error);
        Assert.Equal(claims, verified.Token);
    }

    [Property(MaxTest = 1000)]
    public void Decoding_arbitrary_text_never_throws(string? text)
    {
        if (FencingToken.TryDecode(text, out var token, out var signedText, out var signature, out var error))
        {
            Assert.NotNull(token);
            Assert.NotNull(signedText);
            Assert.NotNull(signature);
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(error));
        }
    }

    [Property(Arbitrary = [typeof(TokenArbitraries)], MaxTest = 1000)]
    public void Decoding_text_shaped_like_a_token_never_throws(string text)
    {
        var decoded = FencingToken.TryDecode(text, out var token, out _, out _, out var error);

        Assert.True(decoded ? token is not null : error is not null);
    }

    [Property(MaxTest = 500)]
    public async Task Any_single_character_change_to_a_token_makes_it_fail_verification(long fence, NonNegativeInt position, NonNegativeInt replacement)
    {
        using var signer = await TestSigners.CreateAsync();
        var token = signer.Sign(new FencingToken("k1", "orders", fence, "0123456789abcdef0123456789abcdef", "worker-1"));
        var at = position.Get % token.Length;
        var with = Replacements[replacement.Get % Replacements.Length];
        if (with == token[at])
        {
            with = Replacements[(replacement.Get + 1) % Replacements.Length];
        }

        var changed = string.Concat(token.AsSpan(0, at), new string(with, 1), token.AsSpan(at + 1));

        Assert.False(signer.Verify(changed).IsValid, $"'{changed}' verified after changing position {at} of '{token}' to '{with}'");
    }
}
