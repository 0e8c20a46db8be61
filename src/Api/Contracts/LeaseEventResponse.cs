using Leasehold.Grains;

namespace Leasehold.Api.Contracts;

/// <summary>One event of a lease watch: a change (granted, renewed, released, expired, lost), or a reset. Never the lease id or the token.</summary>
/// <param name="Id">The change's id on this resource (the SSE <c>id:</c>); for a reset, the id of the latest change, from which the watch continues.</param>
/// <param name="Kind"><c>granted</c>, <c>renewed</c>, <c>released</c>, <c>expired</c>, <c>lost</c> or <c>reset</c>.</param>
/// <param name="Resource">The resource.</param>
/// <param name="Holder">Whose lease changed; null on a reset.</param>
/// <param name="Fence">That lease's fence; null on a reset.</param>
/// <param name="AtUtc">When the change was recorded, by the server's wall clock (for display); null on a reset.</param>
/// <param name="ExpiresAtUtc">For granted and renewed: when the lease expires by the server's wall clock (for display).</param>
/// <param name="Reason">For a reset: <c>start</c> (a new watch) or <c>behind</c> (changes after the watcher's last id are no longer retained).</param>
/// <param name="Lease">For a reset: the lease's state now.</param>
/// <param name="Mode">For a change: <c>exclusive</c>, or <c>shared</c> when the change is to one of the shared holds.</param>
public sealed record LeaseEventResponse(
    long Id,
    string Kind,
    string Resource,
    string? Holder = null,
    long? Fence = null,
    DateTimeOffset? AtUtc = null,
    DateTimeOffset? ExpiresAtUtc = null,
    string? Reason = null,
    LeaseStateResponse? Lease = null,
    string? Mode = null)
{
    public const string ResetKind = "reset";

    public static LeaseEventResponse From(string resource, LeaseChange change) =>
        new(change.Id, KindOf(change.Kind), resource, change.Holder, change.Fence, change.AtUtc, change.ExpiresAtUtc, Mode: LeaseModes.NameOf(change.Mode));

    public static LeaseEventResponse Reset(long index, string reason, LeaseView lease) =>
        new(index, ResetKind, lease.Resource, Reason: reason, Lease: LeaseStateResponse.From(lease));

    public static string KindOf(LeaseChangeKind kind) => kind switch
    {
        LeaseChangeKind.Granted => "granted",
        LeaseChangeKind.Renewed => "renewed",
        LeaseChangeKind.Released => "released",
        LeaseChangeKind.Expired => "expired",
        LeaseChangeKind.Lost => "lost",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a lease change."),
    };
}
