using Orleans;

namespace Leasehold.Grains;

/// <summary>The outcome of a session operation: a value, not an exception.</summary>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.SessionResult")]
public abstract record SessionResult
{
    private SessionResult()
    {
    }

    /// <summary>The session is open (opened, or kept alive).</summary>
    [GenerateSerializer]
    [Immutable]
    [Alias("leasehold.SessionResult.Open")]
    public sealed record Open([property: Id(0)] SessionView Session) : SessionResult;

    /// <summary>What the lease's grain answered an acquire in the session (granted, held, line full).</summary>
    [GenerateSerializer]
    [Immutable]
    [Alias("leasehold.SessionResult.Acquired")]
    public sealed record Acquired([property: Id(0)] LeaseResult Lease) : SessionResult;

    /// <summary>The session was closed now (or had ended already); <paramref name="Released"/> leases were released with it.</summary>
    [GenerateSerializer]
    [Immutable]
    [Alias("leasehold.SessionResult.Closed")]
    public sealed record Closed([property: Id(0)] int Released) : SessionResult;

    /// <summary>No session has this id.</summary>
    [GenerateSerializer]
    [Immutable]
    [Alias("leasehold.SessionResult.NotFound")]
    public sealed record NotFound : SessionResult;

    /// <summary>The session ended (closed or expired): its leases are gone. Open a new one.</summary>
    [GenerateSerializer]
    [Immutable]
    [Alias("leasehold.SessionResult.Lost")]
    public sealed record Lost([property: Id(0)] string Reason) : SessionResult;

    /// <summary>The session belongs to another principal, or the holder does not belong to the caller.</summary>
    [GenerateSerializer]
    [Immutable]
    [Alias("leasehold.SessionResult.Forbidden")]
    public sealed record Forbidden([property: Id(0)] string Reason) : SessionResult;

    /// <summary>The session already holds <paramref name="Leases"/> leases, its most (<c>Leases:MaxLeasesPerSession</c>).</summary>
    [GenerateSerializer]
    [Immutable]
    [Alias("leasehold.SessionResult.Full")]
    public sealed record Full([property: Id(0)] int Leases) : SessionResult;
}
