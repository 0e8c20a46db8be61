using System.Collections.Immutable;
using Orleans;

namespace Leasehold.Grains;

/// <summary>A lease's state as anyone may see it: never the lease id or the token.</summary>
/// <param name="Resource">The resource.</param>
/// <param name="Held">Whether an unexpired lease exists.</param>
/// <param name="Holder">The holder, when held.</param>
/// <param name="Fence">The latest fence granted (0 if never granted).</param>
/// <param name="ExpiresAtUtc">When the current lease expires (server wall clock), when held.</param>
/// <param name="Remaining">Time left on the server's monotonic clock, when held.</param>
/// <param name="Waiters">How many acquirers wait in line.</param>
/// <param name="Mode">Exclusive, or shared while shared holders hold it (then <paramref name="Holder"/> is null and <paramref name="SharedHolders"/> names them).</param>
/// <param name="SharedHolders">The shared holders surely holding it now; empty in exclusive mode.</param>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.LeaseView")]
public sealed record LeaseView(
    [property: Id(0)] string Resource,
    [property: Id(1)] bool Held,
    [property: Id(2)] string? Holder,
    [property: Id(3)] long Fence,
    [property: Id(4)] DateTimeOffset? ExpiresAtUtc,
    [property: Id(5)] TimeSpan? Remaining,
    [property: Id(6)] int Waiters,
    [property: Id(7)] LeaseMode Mode = LeaseMode.Exclusive,
    [property: Id(8)] ImmutableArray<SharedHolderView> SharedHolders = default);
