using Orleans;

namespace Leasehold.Grains;

/// <summary>A request for a lease.</summary>
/// <param name="Holder">Who asks: a name the client chooses, 1–200 printable characters.</param>
/// <param name="Ttl">How long the lease lasts unless renewed.</param>
/// <param name="Wait">How long to wait in line if it is held; zero answers at once.</param>
/// <param name="Owner">
/// The principal asking (with authentication on), as in <see cref="RenewLease.Owner"/>: the holder must belong to it, and
/// its acquires may take only its share of the line (<c>Leases:MaxWaiterShare</c>). Null: no principal, no check.
/// </param>
/// <param name="Mode">Exclusive (the default: one holder, can write) or shared (many holders at once, cannot write).</param>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.AcquireLease")]
public sealed record AcquireLease(
    [property: Id(0)] string Holder,
    [property: Id(1)] TimeSpan Ttl,
    [property: Id(2)] TimeSpan Wait,
    [property: Id(3)] string? Owner = null,
    [property: Id(4)] LeaseMode Mode = LeaseMode.Exclusive);
