using Microsoft.Extensions.Options;

namespace Leasehold.Api.Security;

/// <summary>
/// Checks the <c>Auth</c> section, and how <c>Faults:AdminKey</c> sits with it, before the silo starts: each problem is
/// one failure naming its key, and a start with any of them exits with code 2 instead of joining the cluster.
/// </summary>
internal sealed class AuthOptionsValidator(IConfiguration configuration) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        if (options.Mode == AuthMode.ApiKey && options.Keys.Count == 0)
        {
            failures.Add("Auth:Keys must name at least one key when Auth:Mode is ApiKey.");
        }

        var firstWithHash = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < options.Keys.Count; i++)
        {
            var key = options.Keys[i];
            if (!Grains.Names.IsValidResource(key.Principal))
            {
                failures.Add($"Auth:Keys:{i}:Principal '{key.Principal}' must be 1–200 characters of A-Z a-z 0-9 . _ - :");
            }

            if (key.Sha256.Length != 64 || !key.Sha256.All(char.IsAsciiHexDigit))
            {
                failures.Add($"Auth:Keys:{i}:Sha256 must be the 64 hex digits of the key's SHA-256.");
            }
            else if (!firstWithHash.TryAdd(key.Sha256.ToLowerInvariant(), i))
            {
                // One key naming two principals: which one a request is would depend on the order of the list.
                failures.Add($"Auth:Keys:{i}:Sha256 is the same key as Auth:Keys:{firstWithHash[key.Sha256.ToLowerInvariant()]}:Sha256; every key must be different.");
            }

            if (key.Roles.Count == 0)
            {
                failures.Add($"Auth:Keys:{i}:Roles must list some of: {string.Join(", ", Roles.All)}.");
            }

            foreach (var role in key.Roles.Where(r => !Roles.All.Contains(r)))
            {
                failures.Add($"Auth:Keys:{i}:Roles: '{role}' is not a role; use {string.Join(", ", Roles.All)}.");
            }
        }

        if (options.RequestsPerSecond < 0 || options.Burst < 0)
        {
            failures.Add("Auth:RequestsPerSecond and Auth:Burst must not be negative.");
        }

        if (options.UnauthenticatedRequestsPerSecond < 0 || options.UnauthenticatedBurst < 0)
        {
            failures.Add("Auth:UnauthenticatedRequestsPerSecond and Auth:UnauthenticatedBurst must not be negative.");
        }

        ValidateFaultAdminKey(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The fault admin key must not also be an API key: one key would then be two callers.</summary>
    private void ValidateFaultAdminKey(AuthOptions options, List<string> failures)
    {
        var faults = configuration.GetSection(FaultsOptions.Section);
        if (!bool.TryParse(faults[nameof(FaultsOptions.Enabled)], out var enabled) || !enabled || faults[nameof(FaultsOptions.AdminKey)] is not { Length: > 0 } adminKey)
        {
            return;
        }

        var hash = ApiKeys.HashOf(adminKey);
        for (var i = 0; i < options.Keys.Count; i++)
        {
            if (string.Equals(options.Keys[i].Sha256, hash, StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"Faults:AdminKey is the key of Auth:Keys:{i} ('{options.Keys[i].Principal}'); give fault injection a key of its own, or give that key the admin role.");
            }
        }
    }
}
