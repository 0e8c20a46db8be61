using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Leasehold.Grains;

/// <summary>
/// The claims of a fencing token: <c>lh1.{keyId}.{claims}.{signature}</c>, where claims is base64url of
/// the fence (8 bytes, big-endian) followed by resource, lease id and holder (each a 2-byte length and
/// UTF-8), then, for a shared lease only, one mode byte (1); and signature is base64url of HMAC-SHA256 over
/// <c>lh1.{keyId}.{claims}</c>. An exclusive token has no mode byte, so it is spelt exactly as tokens were before modes
/// existed, and every such token reads as exclusive. A shared token is refused unread by a server that predates modes (its
/// claims have a byte too many): it fails closed. Decoding here checks only the shape; only the cluster's signer can tell a
/// genuine token from a forged one.
/// </summary>
public sealed record FencingToken(string KeyId, string Resource, long Fence, string LeaseId, string Holder, LeaseMode Mode = LeaseMode.Exclusive)
{
    /// <summary>The mode byte that ends a shared token's claims; an exclusive token has none (there is no byte for it, so one spelling only).</summary>
    private const byte SharedModeByte = 1;

    public const string Prefix = "lh1";

    /// <summary>Longest token text accepted; anything longer is refused unparsed.</summary>
    public const int MaxLength = 2048;

    /// <summary>Throws on bytes that are not UTF-8, so a mangled claim is refused rather than read with replacement characters.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text that is signed: <c>lh1.{keyId}.{claims}</c>.</summary>
    public string SignedText()
    {
        var resource = Encoding.UTF8.GetBytes(Resource);
        var leaseId = Encoding.UTF8.GetBytes(LeaseId);
        var holder = Encoding.UTF8.GetBytes(Holder);
        var modeLength = Mode == LeaseMode.Shared ? 1 : 0;
        var claims = new byte[8 + 6 + resource.Length + leaseId.Length + holder.Length + modeLength];
        BinaryPrimitives.WriteInt64BigEndian(claims, Fence);
        var offset = 8;
        foreach (var field in (ReadOnlySpan<byte[]>)[resource, leaseId, holder])
        {
            BinaryPrimitives.WriteUInt16BigEndian(claims.AsSpan(offset), checked((ushort)field.Length));
            field.CopyTo(claims.AsSpan(offset + 2));
            offset += 2 + field.Length;
        }

        if (modeLength > 0)
        {
            claims[offset] = SharedModeByte;
        }

        return $"{Prefix}.{KeyId}.{Base64Url.EncodeToString(claims)}";
    }

    /// <summary>Splits and decodes a token; false with a reason if it is not one. Does not verify the signature.</summary>
    public static bool TryDecode(
        string? text,
        [NotNullWhen(true)] out FencingToken? token,
        [NotNullWhen(true)] out string? signedText,
        [NotNullWhen(true)] out byte[]? signature,
        [NotNullWhen(false)] out string? error)
    {
        var decoded = TryDecodeInPlace(text, out token, out var signedLength, out signature, out error);
        signedText = decoded ? text![..signedLength] : null;
        return decoded;
    }

    /// <summary>
    /// As the other overload, with the signed text given as its length: the first <paramref name="signedLength"/>
    /// characters of <paramref name="text"/>, so a verifier can check the signature without copying them.
    /// </summary>
    public static bool TryDecodeInPlace(
        string? text,
        [NotNullWhen(true)] out FencingToken? token,
        out int signedLength,
        [NotNullWhen(true)] out byte[]? signature,
        [NotNullWhen(false)] out string? error)
    {
        token = null;
        if (!TrySplit(text, out signedLength, out signature, out error))
        {
            return false;
        }

        if (!TryReadClaims(text, signedLength, out token, out error))
        {
            signature = null;
            return false;
        }

        return true;
    }

    /// <summary>
    /// Checks a token's shape — <c>lh1.{keyId}.{claims}.{signature}</c>, each segment canonical base64url — and decodes
    /// only its signature, so a verifier can check the signature before it reads, let alone trusts, any claim.
    /// </summary>
    /// <param name="text">The token text.</param>
    /// <param name="signedLength">The length of the signed text, <c>lh1.{keyId}.{claims}</c>, at the start of <paramref name="text"/>.</param>
    /// <param name="signature">The decoded signature.</param>
    /// <param name="error">Why the text is not a token.</param>
    public static bool TrySplit(
        [NotNullWhen(true)] string? text,
        out int signedLength,
        [NotNullWhen(true)] out byte[]? signature,
        [NotNullWhen(false)] out string? error)
    {
        signedLength = 0;
        signature = null;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            error = "the token is empty or too long";
            return false;
        }

        // lh1.{keyId}.{claims}.{signature}: three dots, found without splitting the text into copies.
        var first = text.IndexOf('.');
        var second = first < 0 ? -1 : text.IndexOf('.', first + 1);
        var third = second < 0 ? -1 : text.IndexOf('.', second + 1);
        if (third < 0 || text.IndexOf('.', third + 1) >= 0 || !text.AsSpan(0, first).SequenceEqual(Prefix) || !IsKeyId(text.AsSpan(first + 1, second - first - 1)))
        {
            error = $"the token is not of the form {Prefix}.<key id>.<claims>.<signature>";
            return false;
        }

        if (!IsCanonicalBase64Url(text.AsSpan(second + 1, third - second - 1)) || !TryFromBase64Url(text.AsSpan(third + 1), out signature))
        {
            error = "the token's claims or signature are not well formed";
            return false;
        }

        signedLength = third;
        error = null;
        return true;
    }

    /// <summary>The key id of a token that <see cref="TrySplit"/> accepted: the text between the first two dots.</summary>
    public static ReadOnlySpan<char> KeyIdOf(string text)
    {
        var first = text.IndexOf('.');
        return text.AsSpan(first + 1, text.IndexOf('.', first + 1) - first - 1);
    }

    /// <summary>Reads the claims of a token that <see cref="TrySplit"/> accepted (call it only once the signature is known good).</summary>
    public static bool TryReadClaims(string text, int signedLength, [NotNullWhen(true)] out FencingToken? token, [NotNullWhen(false)] out string? error)
    {
        token = null;
        var first = text.IndexOf('.');
        var second = text.IndexOf('.', first + 1);
        if (!TryFromBase64Url(text.AsSpan(second + 1, signedLength - second - 1), out var claims) ||
            !TryReadClaims(claims, out var fence, out var resource, out var leaseId, out var holder, out var mode))
        {
            error = "the token's claims or signature are not well formed";
            return false;
        }

        token = new FencingToken(text[(first + 1)..second], resource, fence, leaseId, holder, mode);
        error = null;
        return true;
    }

    /// <summary>A key id: 1–32 characters of A-Z a-z 0-9 - _.</summary>
    public static bool IsKeyId(ReadOnlySpan<char> keyId)
    {
        if (keyId.Length is 0 or > 32)
        {
            return false;
        }

        foreach (var c in keyId)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Canonical base64url only: the alphabet <c>A-Z a-z 0-9 - _</c>, no padding, no white space, and the unused low bits
    /// of the last character zero. So every byte string has exactly one spelling, and a token that differs from an issued
    /// one in any character either decodes to different bytes or is refused — nothing can be appended, padded or re-spelt.
    /// </summary>
    private static bool TryFromBase64Url(ReadOnlySpan<char> text, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (!IsCanonicalBase64Url(text))
        {
            return false;
        }

        bytes = new byte[Base64Url.GetMaxDecodedLength(text.Length)];
        if (!Base64Url.TryDecodeFromChars(text, bytes, out var written) || written != bytes.Length)
        {
            bytes = null;
            return false;
        }

        return true;
    }

    private static bool IsCanonicalBase64Url(ReadOnlySpan<char> text)
    {
        // Length 4k+1 cannot be base64 at all.
        if (text.Length == 0 || text.Length % 4 == 1)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
            {
                return false;
            }
        }

        // The last character of a 4k+2 or 4k+3 text carries 4 or 2 bits that encode nothing; a canonical encoder writes
        // them as zero. Any other value is a second spelling of the same bytes.
        var unusedBits = (text.Length % 4) switch { 2 => 4, 3 => 2, _ => 0 };
        return unusedBits == 0 || (ValueOf(text[^1]) & ((1 << unusedBits) - 1)) == 0;
    }

    private static int ValueOf(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' => 62,
        _ => 63,
    };

    private static bool TryReadClaims(byte[] claims, out long fence, out string resource, out string leaseId, out string holder, out LeaseMode mode)
    {
        fence = 0;
        mode = LeaseMode.Exclusive;
        resource = leaseId = holder = string.Empty;
        if (claims.Length < 8)
        {
            return false;
        }

        fence = BinaryPrimitives.ReadInt64BigEndian(claims);
        var rest = claims.AsSpan(8);
        if (!TryReadString(ref rest, out resource) || !TryReadString(ref rest, out leaseId) || !TryReadString(ref rest, out holder))
        {
            return false;
        }

        // Nothing more: exclusive. One byte more, only the shared mode's: any other value or length is no token.
        if (rest.Length == 1 && rest[0] == SharedModeByte)
        {
            mode = LeaseMode.Shared;
            return true;
        }

        return rest.IsEmpty;
    }

    private static bool TryReadString(ref Span<byte> rest, out string value)
    {
        value = string.Empty;
        if (rest.Length < 2)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(rest);
        if (rest.Length < 2 + length)
        {
            return false;
        }

        try
        {
            value = StrictUtf8.GetString(rest.Slice(2, length));
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        rest = rest[(2 + length)..];
        return true;
    }
}
