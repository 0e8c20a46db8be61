using Orleans;

namespace Leasehold.Grains;

/// <summary>The faults injected into a silo now.</summary>
/// <param name="Paused">Stopped the world (its turns, transport, table and storage calls are held).</param>
/// <param name="Killed">Killed: it will never answer again.</param>
/// <param name="ClockOffset">Its wall clock's offset from true time.</param>
/// <param name="ClockDriftPpm">Its wall clock's drift, parts per million.</param>
/// <param name="Network">Its network rules, one per destination silo.</param>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.SiloFaults")]
public sealed record SiloFaults([property: Id(0)] bool Paused, [property: Id(1)] bool Killed, [property: Id(2)] TimeSpan ClockOffset, [property: Id(3)] double ClockDriftPpm, [property: Id(4)] IReadOnlyList<SiloNetworkFault> Network);
