using Orleans;

namespace Leasehold.Grains;

/// <summary>A granted lease: what the holder needs to act under it.</summary>
/// <param name="Resource">The leased resource.</param>
/// <param name="Holder">Who holds it.</param>
/// <param name="LeaseId">The secret handle for renew and release.</param>
/// <param name="Fence">The fence: larger than every fence granted before on this resource.</param>
/// <param name="Token">The signed fencing token to present with writes.</param>
/// <param name="Ttl">The time to live of this grant or renewal.</param>
/// <param name="ExpiresAtUtc">When the lease expires by the server's wall clock; for display only: clients time leases on their own monotonic clock.</param>
/// <param name="Mode">How it is held: exclusive (its token can write) or shared (its token cannot).</param>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.Lease")]
public sealed record Lease([property: Id(0)] string Resource, [property: Id(1)] string Holder, [property: Id(2)] string LeaseId, [property: Id(3)] long Fence, [property: Id(4)] string Token, [property: Id(5)] TimeSpan Ttl, [property: Id(6)] DateTimeOffset ExpiresAtUtc, [property: Id(7)] LeaseMode Mode = LeaseMode.Exclusive);
