using Leasehold.Runtime.Membership;

namespace Leasehold.Runtime.Tests.Membership;

/// <summary>A silo of a <see cref="MembershipCluster"/>: its membership service and the fakes the test drives it with.</summary>
internal sealed record MembershipTestSilo(
    ClusterMembershipService Service,
    FakeSiloProber Prober,
    RecordingFailStop FailStop,
    RecordingMembershipTable Table)
{
    public SiloAddress Address => Service.LocalSilo;
}
