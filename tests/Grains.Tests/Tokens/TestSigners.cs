using System.Security.Cryptography;
using Leasehold.Grains.Leases;
using Leasehold.Grains.Tokens;
using Microsoft.Extensions.Options;

namespace Leasehold.Grains.Tests.Tokens;

/// <summary>Token signers outside any silo, with a key of their own.</summary>
internal static class TestSigners
{
    /// <summary>A loaded signer with a fresh random key (or <paramref name="key"/>) under <paramref name="keyId"/>.</summary>
    public static async Task<TokenSigner> CreateAsync(string keyId = "k1", byte[]? key = null)
    {
        var options = Options.Create(new LeaseOptions
        {
            SigningKeyId = keyId,
            SigningKey = Convert.ToBase64String(key ?? RandomNumberGenerator.GetBytes(32)),
        });
        var signer = new TokenSigner(new InMemorySecretStore(), options);
        await signer.LoadAsync(CancellationToken.None);
        return signer;
    }
}
