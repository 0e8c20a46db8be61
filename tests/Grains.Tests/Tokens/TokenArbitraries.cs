using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Leasehold.Grains.Tests.Tokens;

/// <summary>Generators for fencing tokens and for text that looks more or less like one.</summary>
public static class TokenArbitraries
{
    private const string KeyIdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>Claims with any fence and any well-formed text (anything UTF-8 can carry, dots included).</summary>
    public static Arbitrary<FencingToken> Tokens()
    {
        var keyIds = Gen.Elements(KeyIdAlphabet.ToCharArray()).ArrayOf().Where(c => c.Length is > 0 and <= 32).Select(c => new string(c));
        var text = ArbMap.Default.GeneratorFor<string>().Where(IsWellFormed);
        var fences = ArbMap.Default.GeneratorFor<long>();
        var tokens =
            from keyId in keyIds
            from resource in text
            from leaseId in text
            from holder in text
            from fence in fences
            select new FencingToken(keyId, resource, fence, leaseId, holder);
        return tokens.ToArbitrary();
    }

    /// <summary>
    /// Strings of the token's shape (<c>lh1.k1.{base64url}.{base64url}</c>) over arbitrary bytes, so the
    /// decoder's claim parsing sees lengths and encodings that do not fit, not only the shape check.
    /// </summary>
    public static Arbitrary<string> TokenLikeText()
    {
        var bytes = ArbMap.Default.GeneratorFor<byte[]>();
        var shaped =
            from claims in bytes
            from signature in bytes
            select $"lh1.k1.{System.Buffers.Text.Base64Url.EncodeToString(claims)}.{System.Buffers.Text.Base64Url.EncodeToString(signature)}";
        return Gen.OneOf(shaped, ArbMap.Default.GeneratorFor<string>()).ToArbitrary();
    }

    private static bool IsWellFormed(string? text)
    {
        if (text is null)
        {
            return false;
        }

        try
        {
            StrictUtf8.GetByteCount(text);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }
}
