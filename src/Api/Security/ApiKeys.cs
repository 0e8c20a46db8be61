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

    /// <summary>
    /// Who presents this key: <c>Faults:AdminKey</c>'s caller for <paramref name="mode"/>, an API key's principal (with
    /// API keys on), or null. The key is hashed once; the fault key's hash is compared in constant time, so neither its
    /// length nor its content leaks.
    /// </summary>
    public ClaimsPrincipal? Find(string presentedKey, AuthMode mode)
    {
        if (presentedKey.Length is 0 or > MaxKeyLength || (mode == AuthMode.None && _faultAdminKeyHash is null))
        {
            return null;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presentedKey), hash);
        if (_faultAdminKeyHash is not null && CryptographicOperations.FixedTimeEquals(hash, _faultAdminKeyHash))
        {
            return mode == AuthMode.None ? Callers.AnonymousFaultAdmin : Callers.FaultAdmin;
        }

        return mode == AuthMode.ApiKey && _byHash.TryGetValue(Convert.ToHexStringLower(hash), out var principal) ? principal : null;
    }

    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
