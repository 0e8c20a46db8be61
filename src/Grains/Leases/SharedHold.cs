using Orleans;

namespace Leasehold.Grains.Leases;

/// <summary>One shared holder in a lease's durable state; its fence is the state's (the shared epoch's).</summary>
/// <param name="LeaseId">Its secret id, for renew and release.</param>
/// <param name="Holder">Who holds it.</param>
/// <param name="Ttl">Its TTL.</param>
/// <param name="ExpiresAtUtc">Its wall-clock expiry, for recovery only (read with the clock-uncertainty bound, as the exclusive lease's).</param>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.SharedHold")]
internal sealed record SharedHold(
    [property: Id(0)] string LeaseId,
    [property: Id(1)] string Holder,
    [property: Id(2)] TimeSpan Ttl,
    [property: Id(3)] DateTimeOffset ExpiresAtUtc);
