namespace Leasehold.Client;

/// <summary>One event of a lease watch (<see cref="LeaseholdClient.WatchLeaseAsync"/>). Never the lease id or the token.</summary>
/// <param name="Id">The change's id on the resource: it grows by one per change and continues across failover. For a reset, the id the watch continues from.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Resource">The resource.</param>
/// <param name="Holder">Whose lease changed; null on a reset.</param>
/// <param name="Fence">That lease's fence; null on a reset.</param>
/// <param name="AtUtc">When the server recorded it, by its wall clock (for display).</param>
/// <param name="ExpiresAtUtc">For a grant or renewal: when it expires by the server's wall clock (for display).</param>
/// <param name="ResetReason">For a reset: <c>start</c> or <c>behind</c>.</param>
/// <param name="Lease">For a reset: the lease's state at <paramref name="Id"/>.</param>
/// <param name="Mode">For a change: whether it is to the exclusive lease or to one of the shared holds.</param>
public sealed record LeaseEvent(
    long Id,
    LeaseEventKind Kind,
    string Resource,
    string? Holder,
    long? Fence,
    DateTimeOffset? AtUtc,
    DateTimeOffset? ExpiresAtUtc,
    string? ResetReason,
    LeaseState? Lease,
    LeaseMode? Mode = null);
