using Leasehold.Grains;

namespace Leasehold.Api.Contracts;

/// <summary>A lease's public state: never its lease id or token.</summary>
/// <param name="Resource">The resource.</param>
/// <param name="Held">Whether an unexpired lease exists.</param>
/// <param name="Holder">The holder, when held.</param>
/// <param name="Fence">The latest fence granted; 0 if never.</param>
/// <param name="ExpiresAtUtc">When the lease expires by the server's wall clock, when held.</param>
/// <param name="RemainingMs">Time left by the server's monotonic clock, when held.</param>
/// <param name="Waiters">How many acquirers wait in line.</param>
/// <param name="Mode"><c>shared</c> while shared holders hold it (then <paramref name="Holder"/> is null), else <c>exclusive</c>.</param>
/// <param name="SharedHolderCount">How many shared holders hold it now.</param>
/// <param name="SharedHolders">The shared holders, with the shared epoch's fence and each one's expiry; empty in exclusive mode.</param>
public sealed record LeaseStateResponse(
    string Resource,
    bool Held,
    string? Holder,
    long Fence,
    DateTimeOffset? ExpiresAtUtc,
    long? RemainingMs,
    int Waiters,
    string Mode = LeaseModes.Exclusive,
    int SharedHolderCount = 0,
    IReadOnlyList<SharedHolderResponse>? SharedHolders = null)
{
    public static LeaseStateResponse From(LeaseView view) =>
        new(view.Resource, view.Held, view.Holder, view.Fence, view.ExpiresAtUtc, view.Remaining is { } left ? (long)left.TotalMilliseconds : null, view.Waiters,
            LeaseModes.NameOf(view.Mode), view.SharedHolders.IsDefault ? 0 : view.SharedHolders.Length,
            view.SharedHolders.IsDefault ? [] : [.. view.SharedHolders.Select(SharedHolderResponse.From)]);
}
