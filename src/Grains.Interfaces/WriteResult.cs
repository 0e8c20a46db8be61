using System.Text.Json.Serialization;
using Orleans;

namespace Leasehold.Grains;

/// <summary>The outcome of a fenced write.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "outcome")]
[JsonDerivedType(typeof(Accepted), "accepted")]
[JsonDerivedType(typeof(StaleFence), "stale-fence")]
[JsonDerivedType(typeof(InvalidToken), "invalid-token")]
[JsonDerivedType(typeof(Forbidden), "forbidden")]
[JsonDerivedType(typeof(PreconditionFailed), "precondition-failed")]
[JsonDerivedType(typeof(SharedLease), "shared-lease")]
[GenerateSerializer]
[Immutable]
[Alias("leasehold.WriteResult")]
public abstract record WriteResult
{
    private WriteResult()
    {
    }

    /// <summary>Written and durable.</summary>
    [GenerateSerializer]
    [Immutable]
    [Alias("leasehold.WriteResult.Accepted")]
    public sealed record Accepted([property: Id(0)] long Version, [property: Id(1)] long Fence) : WriteResult;

    /// <summary>Refused: a write with a higher fence came first. The writer's lease is over.</summary>
    [GenerateSerializer]
    [Immutable]
    [Alias("leasehold.WriteResult.StaleFence")]
    public sealed record StaleFence([property: Id(0)] long Fence, [property: Id(1)] long HighestFence) : WriteResult;

    /// <summary>Refused: the token is malformed, forged, altered, signed with an unknown key, or for another resource.</summary>
    [GenerateSerializer]
    [Immutable]
    [Alias("leasehold.WriteResult.InvalidToken")]
    public sealed record InvalidToken([property: Id(0)] string Reason) : WriteResult;

    /// <summary>Refused: the token is genuine but was issued to a holder of another principal (with authentication on).</summary>
    [GenerateSerializer]
    [Immutable]
    [Alias("leasehold.WriteResult.Forbidden")]
    public sealed record Forbidden([property: Id(0)] string Reason) : WriteResult;

    /// <summary>
    /// Refused: the fence would do, but the key's object is not at the version the writer named (<c>If-Match</c>), or
    /// exists where it must not (<c>If-None-Match: *</c>). Nothing changed; the writer still holds a fence good for the key.
    /// </summary>
    /// <param name="CurrentVersion">The key's version now (0: never written).</param>
    /// <param name="Deleted">The key holds no live object (deleted, or never written).</param>
    /// <param name="Fence">The key's highest fence.</param>
    [GenerateSerializer]
    [Immutable]
    [Alias("leasehold.WriteResult.PreconditionFailed")]
    public sealed record PreconditionFailed([property: Id(0)] long CurrentVersion, [property: Id(1)] bool Deleted, [property: Id(2)] long Fence) : WriteResult;

    /// <summary>
    /// Refused: the token is genuine but was granted in shared mode (a reader's). Only an exclusive holder writes; a shared
    /// holder's fence says which epoch it read in, not a right to write.
    /// </summary>
    /// <param name="Fence">The shared token's fence.</param>
    [GenerateSerializer]
    [Immutable]
    [Alias("leasehold.WriteResult.SharedLease")]
    public sealed record SharedLease([property: Id(0)] long Fence) : WriteResult;
}
