using System.Security.Cryptography;
using System.Text;
using Leasehold.Runtime.Hosting;
using Leasehold.Storage;
using Microsoft.Extensions.Options;

namespace Leasehold.Runtime.Messaging;

/// <summary>
/// The secret silos and grain clients prove they know when they connect: a challenge-response over fresh nonces, so
/// the secret never crosses the wire and a recorded handshake cannot be replayed. Knowing the cluster id is not
/// enough to talk to a silo; a stranger is dropped before any of its requests is read.
/// </summary>
public sealed class ClusterSecret
{
    /// <summary>The least key length, in bytes.</summary>
    public const int MinBytes = 32;

    private const string StoreName = "silo-handshake";
    private readonly Lazy<Task<byte[]>> _key;

    /// <summary>The configured <c>Cluster:Secret</c>, or the one kept in the shared database.</summary>
    internal ClusterSecret(IOptions<ClusterOptions> options, IServiceProvider services)
    {
        _key = new Lazy<Task<byte[]>>(async () =>
        {
            if (TryDecode(options.Value.Secret) is { } configured)
            {
                return configured;
            }

            var store = (IClusterSecretStore?)services.GetService(typeof(IClusterSecretStore))
                ?? throw new InvalidOperationException("Set Cluster:Secret, or register a storage provider that keeps cluster secrets.");
            return await store.GetOrAddAsync(StoreName, RandomNumberGenerator.GetBytes(MinBytes), CancellationToken.None).ConfigureAwait(false);
        });
    }

    /// <summary>A secret known up front (a grain client's).</summary>
    public ClusterSecret(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(key.Length, MinBytes, nameof(key));
        _key = new Lazy<Task<byte[]>>(Task.FromResult(key));
    }

    /// <summary>The key (loaded from the database on first use when not configured).</summary>
    public Task<byte[]> GetKeyAsync() => _key.Value;

    /// <summary>The key as base64, as <c>Cluster:Secret</c> and grain clients take it.</summary>
    public async Task<string> GetBase64Async() => Convert.ToBase64String(await GetKeyAsync().ConfigureAwait(false));

    /// <summary>The bytes of a base64 secret of at least <see cref="MinBytes"/> bytes; null otherwise.</summary>
    public static byte[]? TryDecode(string? base64)
    {
        if (string.IsNullOrEmpty(base64))
        {
            return null;
        }

        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, buffer, out var written) && written >= MinBytes ? buffer[..written] : null;
    }

    internal static string NewNonce() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    /// <summary>The proof of <paramref name="role"/> named <paramref name="identity"/> over the other side's <paramref name="nonce"/>.</summary>
    internal static string Prove(byte[] key, string role, string nonce, string identity) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"leasehold-handshake\n{role}\n{nonce}\n{identity}")));

    internal static bool Verify(byte[] key, string role, string nonce, string identity, string? proof) =>
        proof is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(Prove(key, role, nonce, identity)), Encoding.UTF8.GetBytes(proof));
}
