using Orleans;

namespace Leasehold.Grains;

/// <summary>A semaphore as anyone may see it: never a lease id or a token.</summary>
/// <param name="Name">The semaphore.</param>
/// <param name="Permits">How many permits it has; 0 when it was never acquired (it does not exist yet).</param>
/// <param name="Held">The unexpired permits, by slot.</param>
/// <param name="Waiters">How many acquires wait in its line.</param>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.SemaphoreView")]
public sealed record SemaphoreView(
    [property: Id(0)] string Name,
    [property: Id(1)] int Permits,
    [property: Id(2)] IReadOnlyList<PermitView> Held,
    [property: Id(3)] int Waiters);
