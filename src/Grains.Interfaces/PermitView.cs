using Orleans;

namespace Leasehold.Grains;

/// <summary>One held permit: the public state of its slot's lease.</summary>
/// <param name="Slot">The slot, 0 to permits − 1.</param>
/// <param name="Holder">Who holds it.</param>
/// <param name="Fence">The slot's fence: it grows with every grant of this slot.</param>
/// <param name="ExpiresAtUtc">When it expires by the server's wall clock, unless renewed.</param>
/// <param name="Remaining">Time left on the server's monotonic clock.</param>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.PermitView")]
public sealed record PermitView(
    [property: Id(0)] int Slot,
    [property: Id(1)] string Holder,
    [property: Id(2)] long Fence,
    [property: Id(3)] DateTimeOffset ExpiresAtUtc,
    [property: Id(4)] TimeSpan Remaining);
