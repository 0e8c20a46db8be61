using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Checking;

/// <summary>A span of the recorder's clock in which the service surely held fence <paramref name="Fence"/> of a resource unexpired.</summary>
/// <param name="Resource">The lease's resource.</param>
/// <param name="Fence">The fence.</param>
/// <param name="FromMs">When it was surely granted: its first acknowledged proof had completed.</param>
/// <param name="UntilMs">Its certain end in the service's own view (<see cref="LeaseExclusion"/>'s E(F)).</param>
/// <param name="Proof">The operation that proves the grant.</param>
/// <param name="Evidence">The operation whose validity gives the end.</param>
internal sealed record UnexpiredSpan(string Resource, long Fence, double FromMs, double UntilMs, Operation Proof, Operation Evidence);
