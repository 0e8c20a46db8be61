using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Leasehold.Api.Security;

/// <summary>The configured API keys, looked up by the SHA-256 of a presented key (the keys themselves are never kept).</summary>
internal sealed class ApiKeys
{
    private readonly Dictionary<string, LeaseholdPrincipal> _byHash;

    public ApiKeys(IOptions<AuthOptions> options)
    {
        _byHash = options.Value.Keys.ToDictionary(
            k => k.Sha256.ToLowerInvariant(),
            k => new LeaseholdPrincipal(k.Principal, new HashSet<string>(k.Roles, StringComparer.Ordinal), Anonymous: false),
            StringComparer.Ordinal);
    }

    /// <summary>The principal whose key this is, or null.</summary>
    public LeaseholdPrincipal? Find(string presentedKey) =>
        presentedKey.Length is > 0 and <= 512 && _byHash.TryGetValue(HashOf(presentedKey), out var principal) ? principal : null;

    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

/// <summary>Checks the <c>Auth</c> section at start; each failure names its key.</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        if (options.Mode == AuthMode.ApiKey && options.Keys.Count == 0)
        {
            failures.Add("Auth:Keys must name at least one key when Auth:Mode is ApiKey.");
        }

        for (var i = 0; i < options.Keys.Count; i++)
        {
            var key = options.Keys[i];
            if (!Grains.Names.IsValidResource(key.Principal) || key.Principal.Contains('/', StringComparison.Ordinal))
            {
                failures.Add($"Auth:Keys:{i}:Principal '{key.Principal}' must be 1–200 characters of A-Z a-z 0-9 . _ - :");
            }

            if (key.Sha256.Length != 64 || !key.Sha256.All(char.IsAsciiHexDigit))
            {
                failures.Add($"Auth:Keys:{i}:Sha256 must be the 64 hex digits of the key's SHA-256.");
            }

            if (key.Roles.Count == 0 || key.Roles.Any(r => !Roles.All.Contains(r)))
            {
                failures.Add($"Auth:Keys:{i}:Roles must list some of: {string.Join(", ", Roles.All)}.");
            }
        }

        if (options.RequestsPerSecond < 0 || options.Burst < 0)
        {
            failures.Add("Auth:RequestsPerSecond and Auth:Burst must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
