using Microsoft.Extensions.Options;

namespace Leasehold.Runtime.Membership;

/// <summary>
/// Checks that the <c>Cluster:Membership</c> timings fit together (the ranges of each are data annotations).
/// Each failure names its configuration keys.
/// </summary>
internal sealed class MembershipOptionsValidator : IValidateOptions<MembershipOptions>
{
    public ValidateOptionsResult Validate(string? name, MembershipOptions options)
    {
        var failures = new List<string>();

        // A suspect whose heartbeat is older than the window can be declared Dead by one vote: a healthy
        // silo's heartbeat must never look that old.
        if (options.IAmAliveInterval * 2 >= options.SuspicionWindow)
        {
            failures.Add($"Cluster:Membership:SuspicionWindow ({options.SuspicionWindow}) must be more than twice Cluster:Membership:IAmAliveInterval ({options.IAmAliveInterval}).");
        }

        // Votes of silos whose probes start failing at about the same time must still be fresh together.
        var suspectAfter = options.ProbeInterval * options.MissedProbesLimit + options.ProbeTimeout;
        if (suspectAfter >= options.SuspicionWindow)
        {
            failures.Add($"Cluster:Membership:SuspicionWindow ({options.SuspicionWindow}) must be longer than ProbeInterval × MissedProbesLimit + ProbeTimeout ({suspectAfter}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
