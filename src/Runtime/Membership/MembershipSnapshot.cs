namespace Leasehold.Runtime.Membership;

/// <summary>The silos as one silo sees them, at one membership version. Versions only grow.</summary>
public sealed record MembershipSnapshot(long Version, IReadOnlyList<SiloEntry> Silos);
