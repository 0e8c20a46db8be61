using System.Collections.Immutable;
using Orleans;

namespace Leasehold.Grains;

/// <summary>What a watcher reads after the last change it saw.</summary>
/// <param name="Index">The id of the lease's latest change (0: none yet).</param>
/// <param name="Changes">The retained changes after the asked-for id, oldest first; empty on a reset.</param>
/// <param name="Reset">
/// True when the changes after the asked-for id are no longer all retained (or the id is ahead of the lease's): the
/// watcher missed something and should take <paramref name="Lease"/> as the state at <paramref name="Index"/>.
/// </param>
/// <param name="Lease">The lease's state now.</param>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.LeaseChanges")]
public sealed record LeaseChanges(
    [property: Id(0)] long Index,
    [property: Id(1)] ImmutableArray<LeaseChange> Changes,
    [property: Id(2)] bool Reset,
    [property: Id(3)] LeaseView Lease);
