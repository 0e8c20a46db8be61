using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Leasehold.Client.Http;
using Leasehold.Client.Wire;

namespace Leasehold.Client;

/// <summary>
/// Typed access to every route of the Leasehold HTTP API. Errors arrive as typed exceptions
/// (<see cref="LeaseHeldException"/>, <see cref="LeaseLostException"/>, <see cref="StaleFenceException"/>,
/// <see cref="OutcomeUnknownException"/>, <see cref="ServiceUnreachableException"/>, else <see cref="LeaseholdException"/>).
/// For a lock that renews itself and says when it is lost, use <see cref="FencedLock"/>.
/// </summary>
public sealed partial class LeaseholdClient : IDisposable
{
    /// <summary>The request header that carries a write's fencing token.</summary>
    public const string FencingTokenHeader = "Fencing-Token";

    /// <summary>The response header that carries the fence of the write that produced an object.</summary>
    public const string FencingFenceHeader = "Fencing-Fence";

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Transport _transport;

    /// <summary>A client of the service at <paramref name="endpoint"/> (e.g. <c>http://127.0.0.1:5080</c>), with its own HttpClient.</summary>
    public LeaseholdClient(Uri endpoint, LeaseholdClientOptions? options = null)
        : this(CreateHttpClient(endpoint), options, ownsHttp: true)
    {
    }

    /// <summary>A client over <paramref name="http"/>, whose <see cref="HttpClient.BaseAddress"/> must be the service. The caller keeps ownership of it.</summary>
    public LeaseholdClient(HttpClient http, LeaseholdClientOptions? options = null)
        : this(http, options, ownsHttp: false)
    {
    }

    private LeaseholdClient(HttpClient http, LeaseholdClientOptions? options, bool ownsHttp)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.BaseAddress is null)
        {
            throw new ArgumentException("The HttpClient needs a BaseAddress: the service's endpoint.", nameof(http));
        }

        _http = http;
        _ownsHttp = ownsHttp;
        Options = options ?? new LeaseholdClientOptions();
        _transport = new Transport(http, Options.TimeProvider, Options.ApiKey);
    }

    /// <summary>The service's address.</summary>
    public Uri Endpoint => _http.BaseAddress!;

    /// <summary>The options in use.</summary>
    public LeaseholdClientOptions Options { get; }

    /// <summary>
    /// Acquires the lease on <paramref name="resource"/> for <paramref name="holder"/>, waiting in line up to
    /// <paramref name="wait"/> (at most the server's <c>Leases:WaitMax</c>). Asking again as the current holder
    /// returns the same lease, so this is retried after an unknown outcome.
    /// </summary>
    /// <exception cref="LeaseHeldException">Someone else holds it after the wait.</exception>
    public Task<Lease> AcquireAsync(string resource, string holder, TimeSpan ttl, TimeSpan wait = default, CancellationToken cancellationToken = default) =>
        AcquireAsync(resource, holder, ttl, wait, LeaseMode.Exclusive, Options.Retry, cancellationToken);

    /// <summary>
    /// Acquires a shared (read) hold on <paramref name="resource"/> for <paramref name="holder"/>: many holders may hold it at
    /// once while no exclusive holder does, and it waits behind an exclusive acquirer already in line. Its token cannot write.
    /// Asking again as the same shared holder returns the same lease.
    /// </summary>
    /// <exception cref="LeaseHeldException">An exclusive holder holds it (or waits ahead) after the wait.</exception>
    public Task<Lease> AcquireSharedAsync(string resource, string holder, TimeSpan ttl, TimeSpan wait = default, CancellationToken cancellationToken = default) =>
        AcquireAsync(resource, holder, ttl, wait, LeaseMode.Shared, Options.Retry, cancellationToken);

    /// <summary>Extends a lease you hold by <paramref name="ttl"/> from now (null: its own TTL). Retried after an unknown outcome.</summary>
    /// <exception cref="LeaseLostException">The lease is gone: expired, released, or taken by another.</exception>
    public Task<Lease> RenewAsync(string resource, string leaseId, TimeSpan? ttl = null, CancellationToken cancellationToken = default) =>
        RenewAsync(resource, leaseId, ttl, Options.RequestTimeout, Options.Retry, cancellationToken);

    /// <summary>
    /// Releases a lease you hold. Retried after an unknown outcome; a retry that finds the lease gone counts
    /// as released, since the earlier attempt is what released it.
    /// </summary>
    /// <exception cref="LeaseLostException">The lease was already gone before this call.</exception>
    public Task ReleaseAsync(string resource, string leaseId, CancellationToken cancellationToken = default) =>
        ReleaseAsync(resource, leaseId, Options.RequestTimeout, cancellationToken);

    /// <summary>The lease's public state: holder, fence, time left, waiters.</summary>
    public Task<LeaseState> GetLeaseAsync(string resource, CancellationToken cancellationToken = default)
    {
        var name = Name(resource, nameof(resource));
        return _transport.SendAsync(
            Json($"get lease '{resource}'", () => new HttpRequestMessage(HttpMethod.Get, $"v1/leases/{name}"), ClientJsonContext.Default.LeaseState),
            cancellationToken);
    }

    /// <summary>
    /// The leases held in the whole cluster, each with its silo, the <paramref name="limit"/> that expire soonest (server
    /// default 100, at most 1000), with the total and the silos that did not answer in time (their leases are missing).
    /// </summary>
    public Task<HeldLeases> ListLeasesAsync(int? limit = null, CancellationToken cancellationToken = default)
    {
        if (limit is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The limit must be at least 1.");
        }

        var query = limit is { } n ? $"?limit={n.ToString(CultureInfo.InvariantCulture)}" : string.Empty;
        return _transport.SendAsync(
            Json("list leases", () => new HttpRequestMessage(HttpMethod.Get, $"v1/leases{query}"), ClientJsonContext.Default.HeldLeases),
            cancellationToken);
    }

    /// <summary>
    /// Writes an object under a lease's fencing <paramref name="token"/>. Retried only if it was never sent:
    /// a late duplicate of a write could overwrite a newer value of the same holder.
    /// </summary>
    /// <exception cref="StaleFenceException">A write with a newer fence came first.</exception>
    /// <exception cref="OutcomeUnknownException">Sent, but no answer: read the object back before deciding.</exception>
    public Task<WriteReceipt> PutObjectAsync(string key, ReadOnlyMemory<byte> value, string token, string? contentType = null, CancellationToken cancellationToken = default)
    {
        var name = Name(key, nameof(key));
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        var mediaType = MediaTypeHeaderValue.Parse(contentType ?? "application/octet-stream");
        return _transport.SendAsync(
            Json($"put object '{key}'", () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Put, $"v1/objects/{name}") { Content = new ReadOnlyMemoryContent(value) };
                request.Content.Headers.ContentType = mediaType;
                request.Headers.TryAddWithoutValidation(FencingTokenHeader, token);
                return request;
            }, ClientJsonContext.Default.WriteReceipt, Retryability.OnlyIfNeverSent),
            cancellationToken);
    }

    /// <summary>Reads an object; null if none was ever written under <paramref name="key"/>, or it was deleted.</summary>
    public async Task<StoredObject?> GetObjectAsync(string key, CancellationToken cancellationToken = default)
    {
        var name = Name(key, nameof(key));
        var call = new Call<StoredObject?>(
            $"get object '{key}'",
            () => new HttpRequestMessage(HttpMethod.Get, $"v1/objects/{name}"),
            async (response, _, ct) => new StoredObject(
                key,
                await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false),
                response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream",
                ParseLong(response.Headers.ETag?.Tag.Trim('"')),
                ParseLong(response.Headers.TryGetValues(FencingFenceHeader, out var fences) ? fences.FirstOrDefault() : null)),
            Retryability.Idempotent,
            Options.RequestTimeout,
            Options.Retry);
        try
        {
            return await _transport.SendAsync(call, cancellationToken).ConfigureAwait(false);
        }
        catch (LeaseholdException e) when (e.Type == ProblemTypes.ObjectNotFound)
        {
            return null;
        }
    }

    /// <summary>The membership view of the silo that answers.</summary>
    public Task<ClusterStatus> GetClusterAsync(CancellationToken cancellationToken = default) =>
        _transport.SendAsync(Json("get cluster", () => new HttpRequestMessage(HttpMethod.Get, "v1/cluster"), ClientJsonContext.Default.ClusterStatus), cancellationToken);

    /// <summary>Liveness: answers while the process runs. Not retried.</summary>
    public Task<HealthStatus> GetLiveAsync(CancellationToken cancellationToken = default) => HealthAsync("live", cancellationToken);

    /// <summary>Readiness: the silo is Active and its database answers; otherwise a 503 <see cref="LeaseholdException"/>. Not retried.</summary>
    public Task<HealthStatus> GetReadyAsync(CancellationToken cancellationToken = default) => HealthAsync("ready", cancellationToken);

    /// <summary>Acquires a <see cref="FencedLock"/> on <paramref name="resource"/>: see <see cref="FencedLock.AcquireAsync"/>.</summary>
    public Task<FencedLock> LockAsync(string resource, FencedLockOptions? options = null, CancellationToken cancellationToken = default) =>
        FencedLock.AcquireAsync(this, resource, options, cancellationToken);

    /// <summary>
    /// Opens a session (<see cref="LeaseholdSessionOptions.Holder"/>, <see cref="LeaseholdSessionOptions.Ttl"/>), and keeps it
    /// alive in the background until disposed (which closes it): one TTL and one keep-alive for every lease acquired in it.
    /// </summary>
    public Task<LeaseholdSession> SessionAsync(LeaseholdSessionOptions? options = null, CancellationToken cancellationToken = default) =>
        LeaseholdSession.OpenAsync(this, options, cancellationToken);

    /// <summary>
    /// Opens a session (no keep-alives: see <see cref="SessionAsync"/> for a session that keeps itself alive). Not retried
    /// after an unknown outcome: a retry would open a second session (the first then simply expires).
    /// </summary>
    public async Task<SessionInfo> OpenSessionAsync(string holder, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        (await OpenSessionTimedAsync(holder, ttl, cancellationToken).ConfigureAwait(false)).Session;

    /// <summary>Keeps a session alive: extends it by its TTL and renews every lease it holds. Retried after an unknown outcome.</summary>
    /// <exception cref="SessionLostException">The session has ended, and its leases with it.</exception>
    public async Task<SessionInfo> KeepSessionAliveAsync(string sessionId, CancellationToken cancellationToken = default) =>
        (await KeepSessionAliveAsync(sessionId, Options.RequestTimeout, Options.Retry, cancellationToken).ConfigureAwait(false)).Session;

    /// <summary>Closes a session and releases every lease it holds. Safe to retry: closing an ended session releases nothing.</summary>
    public Task<SessionClosed> CloseSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        CloseSessionAsync(sessionId, Options.RequestTimeout, cancellationToken);

    /// <summary>A session's state; null if there is no such session (or it is another principal's).</summary>
    public async Task<SessionInfo?> GetSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var id = Name(sessionId, nameof(sessionId));
        try
        {
            return await _transport.SendAsync(
                Json($"get session '{sessionId}'", () => new HttpRequestMessage(HttpMethod.Get, $"v1/sessions/{id}"), ClientJsonContext.Default.SessionInfo),
                cancellationToken).ConfigureAwait(false);
        }
        catch (LeaseholdException e) when (e.Type == ProblemTypes.SessionNotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Acquires the lease on <paramref name="resource"/> in a session: held by the session's holder, renewed by its
    /// keep-alives, ended when it ends. Waits in line up to <paramref name="wait"/>. Safe to retry (same lease).
    /// </summary>
    /// <exception cref="LeaseHeldException">Someone else holds it after the wait.</exception>
    /// <exception cref="SessionLostException">The session has ended.</exception>
    public Task<Lease> AcquireInSessionAsync(string resource, string sessionId, TimeSpan wait = default, CancellationToken cancellationToken = default) =>
        AcquireInSessionAsync(resource, sessionId, LeaseMode.Exclusive, wait, cancellationToken);

    /// <summary>As <see cref="AcquireInSessionAsync(string, string, TimeSpan, CancellationToken)"/>, in <paramref name="mode"/> (shared: a read hold).</summary>
    public Task<Lease> AcquireInSessionAsync(string resource, string sessionId, LeaseMode mode, TimeSpan wait = default, CancellationToken cancellationToken = default)
    {
        var name = Name(resource, nameof(resource));
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero);
        var body = new AcquireInSessionBody(sessionId, wait > TimeSpan.Zero ? Millis(wait) : null, mode == LeaseMode.Shared ? mode : null);
        return _transport.SendAsync(
            LeaseCall($"acquire '{resource}' in session", $"v1/leases/{name}/acquire", () => JsonContent.Create(body, ClientJsonContext.Default.AcquireInSessionBody), Options.RequestTimeout + wait, Options.Retry),
            cancellationToken);
    }

    internal Task<(SessionInfo Session, long SentAt)> OpenSessionTimedAsync(string holder, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(holder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        var body = new OpenSessionBody(holder, Millis(ttl));
        return _transport.SendAsync(
            SessionCall("open session", () => new HttpRequestMessage(HttpMethod.Post, "v1/sessions") { Content = JsonContent.Create(body, ClientJsonContext.Default.OpenSessionBody) },
                Retryability.OnlyIfNeverSent, Options.RequestTimeout, Options.Retry),
            cancellationToken);
    }

    internal Task<(SessionInfo Session, long SentAt)> KeepSessionAliveAsync(string sessionId, TimeSpan attemptTimeout, RetryPolicy retry, CancellationToken cancellationToken)
    {
        var id = Name(sessionId, nameof(sessionId));
        return _transport.SendAsync(
            SessionCall($"keep session '{sessionId}' alive", () => new HttpRequestMessage(HttpMethod.Post, $"v1/sessions/{id}/keepalive"), Retryability.Idempotent, attemptTimeout, retry),
            cancellationToken);
    }

    internal Task<SessionClosed> CloseSessionAsync(string sessionId, TimeSpan attemptTimeout, CancellationToken cancellationToken)
    {
        var id = Name(sessionId, nameof(sessionId));
        return _transport.SendAsync(
            Json($"close session '{sessionId}'", () => new HttpRequestMessage(HttpMethod.Delete, $"v1/sessions/{id}"), ClientJsonContext.Default.SessionClosed) with { AttemptTimeout = attemptTimeout },
            cancellationToken);
    }

    private static Call<(SessionInfo, long)> SessionCall(string description, Func<HttpRequestMessage> createRequest, Retryability retryability, TimeSpan attemptTimeout, RetryPolicy retry) => new(
        description,
        createRequest,
        async (response, sentAt, ct) => (await response.Content.ReadFromJsonAsync(ClientJsonContext.Default.SessionInfo, ct).ConfigureAwait(false)
            ?? throw new LeaseholdException($"{description}: the response had no session."), sentAt),
        retryability,
        attemptTimeout,
        retry);

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    internal Task<Lease> AcquireAsync(string resource, string holder, TimeSpan ttl, TimeSpan wait, LeaseMode mode, RetryPolicy retry, CancellationToken cancellationToken)
    {
        var name = Name(resource, nameof(resource));
        ArgumentException.ThrowIfNullOrEmpty(holder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero);
        // Exclusive is sent as today's body (no mode), so the client still talks to a server from before read-write locks.
        var body = new AcquireBody(holder, Millis(ttl), wait > TimeSpan.Zero ? Millis(wait) : null, mode == LeaseMode.Shared ? mode : null);
        return _transport.SendAsync(
            LeaseCall($"acquire '{resource}'", $"v1/leases/{name}/acquire", () => JsonContent.Create(body, ClientJsonContext.Default.AcquireBody), Options.RequestTimeout + wait, retry),
            cancellationToken);
    }

    internal Task<Lease> RenewAsync(string resource, string leaseId, TimeSpan? ttl, TimeSpan attemptTimeout, RetryPolicy retry, CancellationToken cancellationToken)
    {
        var name = Name(resource, nameof(resource));
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        var body = new RenewBody(leaseId, ttl is { } t ? Millis(t) : null);
        return _transport.SendAsync(
            LeaseCall($"renew '{resource}'", $"v1/leases/{name}/renew", () => JsonContent.Create(body, ClientJsonContext.Default.RenewBody), attemptTimeout, retry),
            cancellationToken);
    }

    internal Task ReleaseAsync(string resource, string leaseId, TimeSpan attemptTimeout, CancellationToken cancellationToken)
    {
        var name = Name(resource, nameof(resource));
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        var body = new ReleaseBody(leaseId);
        return EndGrantAsync($"release '{resource}'", $"v1/leases/{name}/release", () => JsonContent.Create(body, ClientJsonContext.Default.ReleaseBody), attemptTimeout, cancellationToken);
    }

    /// <summary>
    /// Ends a grant (a release, a resignation), retried as idempotent: a lease-lost answer after an attempt whose outcome
    /// is unknown means that attempt ended it, so the grant is gone, as asked.
    /// </summary>
    private async Task EndGrantAsync(string description, string path, Func<HttpContent> content, TimeSpan attemptTimeout, CancellationToken cancellationToken)
    {
        var unknownBefore = false;
        var call = new Call<bool>(
            description,
            () => new HttpRequestMessage(HttpMethod.Post, path) { Content = content() },
            (_, _, _) => Task.FromResult(true),
            Retryability.Idempotent,
            attemptTimeout,
            Options.Retry)
        {
            OnOutcomeUnknown = () => unknownBefore = true,
        };
        try
        {
            await _transport.SendAsync(call, cancellationToken).ConfigureAwait(false);
        }
        catch (LeaseLostException) when (unknownBefore)
        {
            // An earlier attempt whose answer was lost ended it.
        }
    }

    private Task<HealthStatus> HealthAsync(string which, CancellationToken cancellationToken) =>
        _transport.SendAsync(
            Json($"health {which}", () => new HttpRequestMessage(HttpMethod.Get, $"health/{which}"), ClientJsonContext.Default.HealthStatus) with { Retry = RetryPolicy.None },
            cancellationToken);

    private static Call<Lease> LeaseCall(string description, string path, Func<HttpContent> content, TimeSpan attemptTimeout, RetryPolicy retry) => new(
        description,
        () => new HttpRequestMessage(HttpMethod.Post, path) { Content = content() },
        async (response, sentAt, ct) =>
        {
            var body = await response.Content.ReadFromJsonAsync(ClientJsonContext.Default.LeaseBody, ct).ConfigureAwait(false)
                ?? throw new LeaseholdException($"{description}: the response had no lease.");
            return new Lease(body.Resource, body.Holder, body.LeaseId, body.Fence, body.Token, TimeSpan.FromMilliseconds(body.TtlMs), body.ExpiresAtUtc, sentAt, body.Mode);
        },
        Retryability.Idempotent,
        attemptTimeout,
        retry);

    private Call<T> Json<T>(string description, Func<HttpRequestMessage> createRequest, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, Retryability retryability = Retryability.Idempotent) => new(
        description,
        createRequest,
        async (response, _, ct) => await response.Content.ReadFromJsonAsync(type, ct).ConfigureAwait(false)
            ?? throw new LeaseholdException($"{description}: the response had no body."),
        retryability,
        Options.RequestTimeout,
        Options.Retry);

    private static HttpClient CreateHttpClient(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        };

        // Each attempt has its own timeout on the injected clock (LeaseholdClientOptions.RequestTimeout).
        // A trailing slash keeps a path prefix ("http://host/leasehold/") when the routes are resolved against it.
        var baseAddress = endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
    }

    private static string Name(string value, string parameter)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, parameter);
        return Uri.EscapeDataString(value);
    }

    private static long Millis(TimeSpan value) => (long)Math.Ceiling(value.TotalMilliseconds);

    private static long ParseLong(string? value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
}
