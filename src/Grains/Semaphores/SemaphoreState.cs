using Orleans;

namespace Leasehold.Grains.Semaphores;

/// <summary>
/// What a semaphore grain keeps durable: how many permits it has, fixed by its first acquire (0: never acquired). The
/// permits themselves are the slot leases' state; this number is what bounds them, so it never changes once written.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.SemaphoreState")]
internal sealed record SemaphoreState([property: Id(0)] int Permits)
{
    public static SemaphoreState Initial() => new(0);
}
