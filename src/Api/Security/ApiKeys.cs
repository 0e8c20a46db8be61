using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Leasehold.Api.Security;

/// <summary>
/// The configured API keys, looked up by the SHA-256 of a presented key (the keys themselves are never kept), and
/// <c>Faults:AdminKey</c>, compared in constant time. The options are validated before the silo starts
/// (<see cref="AuthOptionsValidator"/>), so duplicate hashes never reach here.
/// </summary>
internal sealed class ApiKeys
{
    /// <summary>Longest key looked at; a longer one is refused unhashed.</summary>
    public const int MaxKeyLength = 512;

    private readonly Dictionary<string, ClaimsPrincipal> _byHash = new(StringComparer.Ordinal);
    private readonly byte[]? _faultAdminKeyHash;

    public ApiKeys(IOptions<AuthOptions> auth, IOptions<FaultsOptions> faults)
    {
        foreach (var key in auth.Value.Keys)
        {
            _byHash.TryAdd(key.Sha256.ToLowerInvariant(), Callers.ForKey(key));
        }

        if (faults.Value is { Enabled: true, AdminKey.Length: > 0 } enabled)
        {
            _faultAdminKeyHash = SHA256.HashData(Encoding.UTF8.GetBytes(enabled.AdminKey));
        }
    }

    /// <summary>The principal whose key this is, or null.</summary>
    public ClaimsPrincipal? Find(string presentedKey) =>
        presentedKey.Length is > 0 and <= MaxKeyLength && _byHash.TryGetValue(HashOf(presentedKey), out var principal) ? principal : null;

    /// <summary>Whether the key is <c>Faults:AdminKey</c> (with faults enabled). Hashes compared in constant time, so neither length nor content leaks.</summary>
    public bool IsFaultAdminKey(string presentedKey) =>
        _faultAdminKeyHash is not null && presentedKey.Length is > 0 and <= MaxKeyLength
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presentedKey)), _faultAdminKeyHash);

    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
