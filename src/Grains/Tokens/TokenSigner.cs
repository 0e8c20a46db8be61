using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Leasehold.Grains.Leases;
using Leasehold.Storage;
using Microsoft.Extensions.Options;

namespace Leasehold.Grains.Tokens;

/// <summary>
/// Signs and verifies fencing tokens with HMAC-SHA256 under the cluster key. Verification is what
/// stops a lying client: a token whose fence, resource, lease id or holder was altered, or that was
/// made up, does not carry a valid signature. The key is configured, or created once and kept in
/// the database so every silo signs with the same one.
/// </summary>
internal sealed class TokenSigner(IClusterSecretStore secrets, IOptions<LeaseOptions> options) : IDisposable
{
    private readonly string _keyId = options.Value.SigningKeyId;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile byte[]? _key;

    /// <summary>The id written into new tokens.</summary>
    public string KeyId => _keyId;

    /// <summary>Loads the key (configured, or from the database, creating it on first use). Idempotent.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (_key is not null)
        {
            return;
        }

        await _loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _key ??= options.Value.SigningKey is { Length: > 0 } configured
                ? Convert.FromBase64String(configured)
                : await secrets.GetOrAddAsync($"token-signing-key:{_keyId}", RandomNumberGenerator.GetBytes(32), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>The token text for <paramref name="claims"/>. Requires <see cref="LoadAsync"/>.</summary>
    public string Sign(FencingToken claims)
    {
        var signed = claims.SignedText();
        return $"{signed}.{Base64Url.EncodeToString(Mac(signed))}";
    }

    /// <summary>
    /// Verifies a token, then decodes it. Requires <see cref="LoadAsync"/>. The signature is checked before any claim is
    /// read, so an altered claim (a holder, a fence) is always "invalid token", never a judgement on the altered value.
    /// </summary>
    public TokenVerification Verify(string? text)
    {
        if (!FencingToken.TrySplit(text, out var signedLength, out var signature, out var error))
        {
            return TokenVerification.Invalid(error);
        }

        var keyId = FencingToken.KeyIdOf(text);
        if (!keyId.SequenceEqual(_keyId))
        {
            return TokenVerification.Invalid($"the token is signed with key '{keyId}', which this cluster does not know");
        }

        // Constant time, so the signature cannot be guessed byte by byte from response times.
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Mac(text.AsSpan(0, signedLength), expected);
        if (signature.Length != expected.Length || !CryptographicOperations.FixedTimeEquals(expected, signature))
        {
            return TokenVerification.Invalid("the token's signature does not match its claims (forged or altered)");
        }

        return FencingToken.TryReadClaims(text, signedLength, out var token, out error)
            ? TokenVerification.Valid(token)
            : TokenVerification.Invalid(error);
    }

    public void Dispose() => _loading.Dispose();

    private byte[] Mac(string signedText)
    {
        var mac = new byte[HMACSHA256.HashSizeInBytes];
        Mac(signedText, mac);
        return mac;
    }

    /// <summary>The MAC of the signed text (ASCII by construction: base64url and key ids), without copying it to the heap when it is short.</summary>
    private void Mac(ReadOnlySpan<char> signedText, Span<byte> destination)
    {
        var key = _key ?? throw new InvalidOperationException("The token signing key is not loaded.");
        var buffer = signedText.Length <= 1024 ? stackalloc byte[signedText.Length] : new byte[signedText.Length];
        Encoding.ASCII.GetBytes(signedText, buffer);
        HMACSHA256.HashData(key, buffer, destination);
    }
}
