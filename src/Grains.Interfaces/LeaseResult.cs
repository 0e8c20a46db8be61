using System.Text.Json.Serialization;
using Orleans;

namespace Leasehold.Grains;

/// <summary>The outcome of a lease operation: a value, not an exception.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "outcome")]
[JsonDerivedType(typeof(Granted), "granted")]
[JsonDerivedType(typeof(Held), "held")]
[JsonDerivedType(typeof(Released), "released")]
[JsonDerivedType(typeof(Lost), "lost")]
[JsonDerivedType(typeof(Forbidden), "forbidden")]
[JsonDerivedType(typeof(LineFull), "line-full")]
[GenerateSerializer]
[Immutable]
[Alias("leasehold.LeaseResult")]
public abstract record LeaseResult
{
    private LeaseResult()
    {
    }

    /// <summary>The caller holds the lease.</summary>
    [GenerateSerializer]
    [Immutable]
    [Alias("leasehold.LeaseResult.Granted")]
    public sealed record Granted([property: Id(0)] Lease Lease) : LeaseResult;

    /// <summary>Someone else holds the lease (or it is in its lock delay, or others wait in line first).</summary>
    /// <param name="Holder">The current holder, if any.</param>
    /// <param name="Fence">The latest fence granted on the resource.</param>
    /// <param name="RetryAfter">When it may be free at the earliest.</param>
    [GenerateSerializer]
    [Immutable]
    [Alias("leasehold.LeaseResult.Held")]
    public sealed record Held([property: Id(0)] string? Holder, [property: Id(1)] long Fence, [property: Id(2)] TimeSpan RetryAfter) : LeaseResult;

    /// <summary>The lease was released.</summary>
    [GenerateSerializer]
    [Immutable]
    [Alias("leasehold.LeaseResult.Released")]
    public sealed record Released([property: Id(0)] long Fence) : LeaseResult;

    /// <summary>The lease id is not the current, unexpired lease: it expired, was released, or never existed.</summary>
    [GenerateSerializer]
    [Immutable]
    [Alias("leasehold.LeaseResult.Lost")]
    public sealed record Lost([property: Id(0)] string Reason) : LeaseResult;

    /// <summary>Refused: the lease is current but belongs to another principal (with authentication on).</summary>
    [GenerateSerializer]
    [Immutable]
    [Alias("leasehold.LeaseResult.Forbidden")]
    public sealed record Forbidden([property: Id(0)] string Reason) : LeaseResult;

    /// <summary>
    /// Refused at once: <paramref name="Waiters"/> acquires already wait in line for this resource (<c>Leases:MaxWaiters</c>),
    /// or, when <paramref name="Mine"/>, that many of the asking principal's own (its share, <c>Leases:MaxWaiterShare</c>).
    /// </summary>
    [GenerateSerializer]
    [Immutable]
    [Alias("leasehold.LeaseResult.LineFull")]
    public sealed record LineFull([property: Id(0)] int Waiters, [property: Id(1)] bool Mine = false) : LeaseResult;
}
