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
public sealed record LeaseStateResponse(string Resource, bool Held, string? Holder, long Fence, DateTimeOffset? ExpiresAtUtc, long? RemainingMs, int Waiters)
{
    public static LeaseStateResponse From(LeaseView view) =>
        new(view.Resource, view.Held, view.Holder, view.Fence, view.ExpiresAtUtc, view.Remaining is { } left ? (long)left.TotalMilliseconds : null, view.Waiters);
}
