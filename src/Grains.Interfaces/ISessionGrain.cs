using Orleans;

namespace Leasehold.Grains;

/// <summary>
/// A session (the grain key is its id): one TTL and one keep-alive for many leases, as etcd's leases on many keys or
/// Consul's and ZooKeeper's sessions. Its leases are ordinary fenced leases held by the session's holder; a keep-alive
/// renews them all, and when the session ends — closed, or not kept alive within its TTL — every lease it holds ends with
/// it. Safety stays with the fences: a lease ended by its session is refused for writes exactly like an expired one.
/// </summary>
[Alias("leasehold.ISessionGrain")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>Starts the session for <see cref="OpenSession.Holder"/>; asking again with the same holder answers the same session.</summary>
    [Alias("open")]
    Task<SessionResult> OpenAsync(OpenSession request);

    /// <summary>Extends the session by its TTL from now and renews every lease it holds.</summary>
    [Alias("keep-alive")]
    Task<SessionResult> KeepAliveAsync(string? owner = null);

    /// <summary>Ends the session now and releases every lease it holds.</summary>
    [Alias("close")]
    Task<SessionResult> CloseAsync(string? owner = null);

    /// <summary>
    /// Acquires the lease on <paramref name="resource"/> for the session's holder, timed by the session: it lasts as long
    /// as the session does and is renewed by its keep-alives. Waits in line up to <paramref name="wait"/>. In
    /// <paramref name="mode"/> shared, the session holds one of the lease's shared holds (renewed by its lease id as any other).
    /// </summary>
    /// <remarks>Interleaves: its wait in the lease's line never blocks the session's keep-alives.</remarks>
    [Orleans.Concurrency.AlwaysInterleave]
    [Alias("acquire")]
    Task<SessionResult> AcquireAsync(string resource, TimeSpan wait, string? owner = null, LeaseMode mode = LeaseMode.Exclusive);

    /// <summary>The session as its holder sees it (its leases' resources and fences, never their ids); null if it never existed.</summary>
    [Alias("get")]
    Task<SessionView?> GetAsync();
}
