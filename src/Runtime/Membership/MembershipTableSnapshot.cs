namespace Leasehold.Runtime.Membership;

/// <summary>The whole membership table at one version, each row with the ETag a write must present.</summary>
public sealed record MembershipTableSnapshot(long Version, IReadOnlyList<(MembershipRow Row, string ETag)> Rows);
