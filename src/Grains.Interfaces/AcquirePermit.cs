using Orleans;

namespace Leasehold.Grains;

/// <summary>A request for one permit of a semaphore.</summary>
/// <param name="Holder">Who asks: the holder of the slot's lease once granted (1–200 printable characters).</param>
/// <param name="Permits">How many permits the semaphore has; fixed by its first acquire, and every later acquire must name the same.</param>
/// <param name="Ttl">How long the permit lasts unless renewed.</param>
/// <param name="Wait">How long to wait in the semaphore's line for a permit; zero answers at once.</param>
/// <param name="Owner">The principal asking (with authentication on); the holder must belong to it. Null: no check.</param>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.AcquirePermit")]
public sealed record AcquirePermit(
    [property: Id(0)] string Holder,
    [property: Id(1)] int Permits,
    [property: Id(2)] TimeSpan Ttl,
    [property: Id(3)] TimeSpan Wait,
    [property: Id(4)] string? Owner = null);
