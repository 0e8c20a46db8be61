using Orleans;

namespace Leasehold.Grains;

/// <summary>Who leads an election, as anyone may see it: never the lease id or the token.</summary>
/// <param name="Name">The election.</param>
/// <param name="Leads">Whether a leader's term is unexpired.</param>
/// <param name="Leader">The leader (the holder of the election's lease), when one leads.</param>
/// <param name="Value">The value the leader proclaimed, when one leads and proclaimed one.</param>
/// <param name="Fence">The fence of the latest term (0 if nobody ever led).</param>
/// <param name="ExpiresAtUtc">When the term expires by the server's wall clock, when one leads.</param>
/// <param name="Remaining">Time left of the term on the server's monotonic clock, when one leads.</param>
/// <param name="Candidates">How many candidates wait in line.</param>
/// <param name="Index">
/// Grows whenever leadership or the proclaimed value changes: twice the fence, plus the number of values ever
/// proclaimed, plus one while nobody leads. A long-poll with this index answers when it is no longer current.
/// </param>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.LeaderView")]
public sealed record LeaderView(
    [property: Id(0)] string Name,
    [property: Id(1)] bool Leads,
    [property: Id(2)] string? Leader,
    [property: Id(3)] string? Value,
    [property: Id(4)] long Fence,
    [property: Id(5)] DateTimeOffset? ExpiresAtUtc,
    [property: Id(6)] TimeSpan? Remaining,
    [property: Id(7)] int Candidates,
    [property: Id(8)] long Index);
