using Orleans;

namespace Leasehold.Grains;

/// <summary>The outcome of a semaphore acquire: a value, not an exception.</summary>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.PermitResult")]
public abstract record PermitResult
{
    private PermitResult()
    {
    }

    /// <summary>The caller holds slot <paramref name="Slot"/>: <paramref name="Lease"/> is the lease on <c>semaphore:NAME:Slot</c>.</summary>
    [GenerateSerializer]
    [Immutable]
    [Alias("leasehold.PermitResult.Granted")]
    public sealed record Granted([property: Id(0)] int Slot, [property: Id(1)] int Permits, [property: Id(2)] Lease Lease) : PermitResult;

    /// <summary>Every permit was taken when the wait ran out.</summary>
    /// <param name="Permits">The semaphore's number of permits.</param>
    /// <param name="Holders">How many of its slots were held at the last look.</param>
    /// <param name="RetryAfter">When a slot may be free at the earliest, as far as the semaphore knows.</param>
    [GenerateSerializer]
    [Immutable]
    [Alias("leasehold.PermitResult.Full")]
    public sealed record Full([property: Id(0)] int Permits, [property: Id(1)] int Holders, [property: Id(2)] TimeSpan RetryAfter) : PermitResult;

    /// <summary>Refused: the semaphore has <paramref name="Permits"/> permits, not the number the acquire named.</summary>
    [GenerateSerializer]
    [Immutable]
    [Alias("leasehold.PermitResult.PermitsMismatch")]
    public sealed record PermitsMismatch([property: Id(0)] int Permits) : PermitResult;

    /// <summary>Refused at once: the line is full (<c>Leases:MaxWaiters</c>), or the principal's share of it when <paramref name="Mine"/>.</summary>
    [GenerateSerializer]
    [Immutable]
    [Alias("leasehold.PermitResult.LineFull")]
    public sealed record LineFull([property: Id(0)] int Waiters, [property: Id(1)] bool Mine = false) : PermitResult;

    /// <summary>Refused: the holder does not belong to the asking principal (with authentication on).</summary>
    [GenerateSerializer]
    [Immutable]
    [Alias("leasehold.PermitResult.Forbidden")]
    public sealed record Forbidden([property: Id(0)] string Reason) : PermitResult;
}
