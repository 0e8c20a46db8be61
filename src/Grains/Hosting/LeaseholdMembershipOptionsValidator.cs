using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Leasehold.Hosting;

/// <summary>
/// Checks the defunct-silo cleanup of <c>Cluster:Membership</c> (Orleans' <c>ClusterMembershipOptions</c>) before the silo
/// starts, naming the key: Orleans would take a zero or negative period or expiration and clean the table too eagerly or never.
/// </summary>
internal sealed class LeaseholdMembershipOptionsValidator : IValidateOptions<ClusterMembershipOptions>
{
    private const string Section = LeaseholdFailureDetectionSiloBuilderExtensions.MembershipSection;

    public ValidateOptionsResult Validate(string? name, ClusterMembershipOptions options)
    {
        var failures = new List<string>();
        if (options.DefunctSiloCleanupPeriod is { } period && period <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:{nameof(options.DefunctSiloCleanupPeriod)} {period} must be a positive duration such as 01:00:00 (hh:mm:ss), or empty to never remove Dead rows by age.");
        }

        if (options.DefunctSiloExpiration <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:{nameof(options.DefunctSiloExpiration)} {options.DefunctSiloExpiration} must be a positive duration such as 7.00:00:00 (d.hh:mm:ss).");
        }

        if (options.MaxDefunctSiloEntries is < 0)
        {
            failures.Add($"{Section}:{nameof(options.MaxDefunctSiloEntries)} {options.MaxDefunctSiloEntries} must be 0 or more, or empty to keep every Dead row.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
