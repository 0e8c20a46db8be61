using Orleans;

namespace Leasehold.Grains;

/// <summary>One shared holder of a lease, as anyone may see it: never its lease id or token.</summary>
/// <param name="Holder">The holder.</param>
/// <param name="Fence">Its fence: the fence of the shared epoch it joined.</param>
/// <param name="ExpiresAtUtc">When its hold expires by the server's wall clock (for display).</param>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.SharedHolderView")]
public sealed record SharedHolderView([property: Id(0)] string Holder, [property: Id(1)] long Fence, [property: Id(2)] DateTimeOffset ExpiresAtUtc);
