using Orleans;

namespace Leasehold.Grains;

/// <summary>One network rule: what the silo sends to <paramref name="To"/> (host:port) is dropped, or delayed by <paramref name="Delay"/>.</summary>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.SiloNetworkFault")]
public sealed record SiloNetworkFault([property: Id(0)] string To, [property: Id(1)] bool Drop, [property: Id(2)] TimeSpan Delay);
