namespace Leasehold.Runtime.Membership;

/// <summary>This silo's view of the cluster's membership.</summary>
public interface IMembershipView
{
    /// <summary>This silo.</summary>
    SiloAddress LocalSilo { get; }

    /// <summary>The latest view this silo knows.</summary>
    MembershipSnapshot Current { get; }
}
