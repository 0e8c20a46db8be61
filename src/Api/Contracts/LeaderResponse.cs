using Leasehold.Grains;

namespace Leasehold.Api.Contracts;

/// <summary>Who leads an election: never the lease id or the token.</summary>
/// <param name="Election">The election's name.</param>
/// <param name="Leader">The leader.</param>
/// <param name="Value">The value it proclaimed; null when it proclaimed none.</param>
/// <param name="Fence">The fence of its term.</param>
/// <param name="ExpiresAtUtc">When the term expires by the server's wall clock, unless renewed.</param>
/// <param name="RemainingMs">Time left of the term by the server's monotonic clock.</param>
/// <param name="Candidates">How many candidates wait in line.</param>
/// <param name="Index">Grows whenever leadership or the value changes; pass it back as <c>?index=</c> to wait for the next change.</param>
public sealed record LeaderResponse(string Election, string Leader, string? Value, long Fence, DateTimeOffset ExpiresAtUtc, long RemainingMs, int Candidates, long Index)
{
    public static LeaderResponse From(LeaderView view) =>
        new(view.Name, view.Leader!, view.Value, view.Fence, view.ExpiresAtUtc!.Value, (long)view.Remaining!.Value.TotalMilliseconds, view.Candidates, view.Index);
}
