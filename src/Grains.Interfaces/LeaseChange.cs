using Orleans;

namespace Leasehold.Grains;

/// <summary>One retained change of a lease: what watchers are told. Never the lease id or the token.</summary>
/// <param name="Id">The change's number on its resource: 1 for the first, one more for each next; it survives failover because it is durable.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Holder">Whose lease it is (for an end, whose lease ended).</param>
/// <param name="Fence">The lease's fence.</param>
/// <param name="AtUtc">When the change was recorded, by the recording silo's wall clock (for display).</param>
/// <param name="ExpiresAtUtc">For a grant or renewal, when the lease expires by the server's wall clock (for display).</param>
/// <param name="Mode">Whether the lease that changed is exclusive or one of the shared holds.</param>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.LeaseChange")]
public sealed record LeaseChange(
    [property: Id(0)] long Id,
    [property: Id(1)] LeaseChangeKind Kind,
    [property: Id(2)] string Holder,
    [property: Id(3)] long Fence,
    [property: Id(4)] DateTimeOffset AtUtc,
    [property: Id(5)] DateTimeOffset? ExpiresAtUtc,
    [property: Id(6)] LeaseMode Mode = LeaseMode.Exclusive);
