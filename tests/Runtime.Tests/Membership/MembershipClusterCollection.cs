namespace Leasehold.Runtime.Tests.Membership;

/// <summary>
/// Membership cluster tests run one at a time: each drives its silos' loops with a manual clock, and
/// runs quicker and steadier without other clusters competing for the two cores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class MembershipClusterCollection
{
    public const string Name = "Membership clusters";
}
