using System.Text.Json.Serialization;

namespace Leasehold.Grains;

/// <summary>The outcome of a lease operation: a value, not an exception.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "outcome")]
[JsonDerivedType(typeof(Granted), "granted")]
[JsonDerivedType(typeof(Held), "held")]
[JsonDerivedType(typeof(Released), "released")]
[JsonDerivedType(typeof(Lost), "lost")]
[JsonDerivedType(typeof(Forbidden), "forbidden")]
[JsonDerivedType(typeof(LineFull), "line-full")]
public abstract record LeaseResult
{
    private LeaseResult()
    {
    }

    /// <summary>The caller holds the lease.</summary>
    public sealed record Granted(Lease Lease) : LeaseResult;

    /// <summary>Someone else holds the lease (or it is in its lock delay, or others wait in line first).</summary>
    /// <param name="Holder">The current holder, if any.</param>
    /// <param name="Fence">The latest fence granted on the resource.</param>
    /// <param name="RetryAfter">When it may be free at the earliest.</param>
    public sealed record Held(string? Holder, long Fence, TimeSpan RetryAfter) : LeaseResult;

    /// <summary>The lease was released.</summary>
    public sealed record Released(long Fence) : LeaseResult;

    /// <summary>The lease id is not the current, unexpired lease: it expired, was released, or never existed.</summary>
    public sealed record Lost(string Reason) : LeaseResult;

    /// <summary>Refused: the lease is current but belongs to another principal (with authentication on).</summary>
    public sealed record Forbidden(string Reason) : LeaseResult;

    /// <summary>
    /// Refused at once: <paramref name="Waiters"/> acquires already wait in line for this resource (<c>Leases:MaxWaiters</c>),
    /// or, when <paramref name="Mine"/>, that many of the asking principal's own (its share, <c>Leases:MaxWaiterShare</c>).
    /// </summary>
    public sealed record LineFull(int Waiters, bool Mine = false) : LeaseResult;
}
