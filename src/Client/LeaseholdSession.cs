namespace Leasehold.Client;

/// <summary>
/// A session kept alive in the background: one TTL and one keep-alive for every lease acquired in it, watched on the
/// local monotonic clock. <see cref="SessionLost"/> fires as soon as the session can no longer be trusted — the TTL minus
/// a safety margin has passed since the last confirmed keep-alive was <em>sent</em>, or the server said it ended, or it
/// was disposed — and with it every lease acquired in it is to be treated as lost. Disposing closes the session, which
/// releases them all.
/// </summary>
/// <remarks>
/// Each lease keeps its own fence and token: send the token with every write made under it, so the store refuses the
/// write once the session has ended and a newer holder has written.
/// </remarks>
public sealed class LeaseholdSession : IAsyncDisposable
{
    private readonly LeaseholdClient _client;
    private readonly LeaseholdSessionOptions _options;
    private readonly TimeProvider _time;
    private readonly LeaseValidity _validity;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _keepAlive;
    private long _lastSentAt;
    private int _disposed;

    private LeaseholdSession(LeaseholdClient client, LeaseholdSessionOptions options, SessionInfo session, long sentAt)
    {
        _client = client;
        _options = options;
        _time = client.Options.TimeProvider;
        SessionId = session.SessionId;
        Holder = session.Holder;
        _lastSentAt = sentAt;
        _validity = new LeaseValidity(_time, sentAt, ValidFor);
        _keepAlive = Task.Run(() => KeepAliveLoopAsync(_stop.Token));
    }

    /// <summary>The session's id (a secret: it keeps the session alive, closes it and acquires in it).</summary>
    public string SessionId { get; }

    /// <summary>Who holds the session's leases.</summary>
    public string Holder { get; }

    /// <summary>Cancelled as soon as the session — and so every lease acquired in it — can no longer be trusted; never un-cancelled.</summary>
    public CancellationToken SessionLost => _validity.Lost;

    /// <summary>Whether <see cref="SessionLost"/> has fired.</summary>
    public bool IsLost => _validity.Lost.IsCancellationRequested;

    /// <summary>Why the session was lost; null while it is trusted.</summary>
    public string? LostReason => _validity.Reason;

    /// <summary>How long the session may still be trusted if no keep-alive succeeds, by the local monotonic clock.</summary>
    public TimeSpan TimeLeft => _validity.Remaining;

    private TimeSpan ValidFor => _options.Ttl - _options.EffectiveSafetyMargin;

    /// <summary>Opens a session on <paramref name="client"/>'s service and starts keeping it alive.</summary>
    public static async Task<LeaseholdSession> OpenAsync(LeaseholdClient client, LeaseholdSessionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        options ??= new LeaseholdSessionOptions();
        options.Validate();
        options = options with { Holder = options.Holder ?? $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..12]}" };
        var (session, sentAt) = await client.OpenSessionTimedAsync(options.Holder, options.Ttl, cancellationToken).ConfigureAwait(false);
        return new LeaseholdSession(client, options, session, sentAt);
    }

    /// <summary>
    /// Acquires the lease on <paramref name="resource"/> in this session, waiting in line up to <paramref name="wait"/>. The
    /// lease is trusted exactly as long as the session is (<see cref="SessionLost"/>).
    /// </summary>
    /// <exception cref="SessionLostException">The session is lost.</exception>
    /// <exception cref="LeaseHeldException">Someone else holds it after the wait.</exception>
    public Task<Lease> AcquireAsync(string resource, TimeSpan wait = default, CancellationToken cancellationToken = default) =>
        AcquireAsync(resource, LeaseMode.Exclusive, wait, cancellationToken);

    /// <summary>As <see cref="AcquireAsync(string, TimeSpan, CancellationToken)"/>, in <paramref name="mode"/> (shared: a read hold).</summary>
    public async Task<Lease> AcquireAsync(string resource, LeaseMode mode, TimeSpan wait = default, CancellationToken cancellationToken = default)
    {
        ThrowIfLost();
        var lease = await _client.AcquireInSessionAsync(resource, SessionId, mode, wait, cancellationToken).ConfigureAwait(false);
        ThrowIfLost();
        return lease;
    }

    /// <summary>The session as the server sees it now.</summary>
    public Task<SessionInfo?> GetAsync(CancellationToken cancellationToken = default) => _client.GetSessionAsync(SessionId, cancellationToken);

    /// <summary>Throws <see cref="SessionLostException"/> if the session can no longer be trusted.</summary>
    public void ThrowIfLost()
    {
        if (IsLost)
        {
            throw new SessionLostException($"Session '{SessionId}' is lost: {LostReason}.");
        }
    }

    /// <summary>
    /// Stops the keep-alives, fires <see cref="SessionLost"/>, and closes the session, releasing its leases (bounded by
    /// <see cref="LeaseholdSessionOptions.CloseTimeout"/>). A close that fails is not thrown: the session then expires.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _keepAlive.ConfigureAwait(false);
        _validity.Lose("the session was closed");
        try
        {
            using var deadline = new CancellationTokenSource(_options.CloseTimeout, _time);
            await _client.CloseSessionAsync(SessionId, _options.CloseTimeout, deadline.Token).ConfigureAwait(false);
        }
        catch (LeaseholdException)
        {
            // Already ended, or unreachable: either way its TTL ends it.
        }
        catch (OperationCanceledException)
        {
            // No answer within CloseTimeout: its TTL ends it.
        }

        _validity.Dispose();
        _stop.Dispose();
    }

    private async Task KeepAliveLoopAsync(CancellationToken stop)
    {
        var every = _options.Ttl * _options.KeepAliveFraction;
        var failures = 0;
        while (!stop.IsCancellationRequested && !IsLost)
        {
            var due = failures == 0
                ? every - _time.GetElapsedTime(Volatile.Read(ref _lastSentAt))
                : Min(_client.Options.Retry.DelayBefore(failures + 1), _validity.Remaining / 4);
            try
            {
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, _time, stop).ConfigureAwait(false);
                }

                var attemptTimeout = Min(_client.Options.RequestTimeout, _validity.Remaining);
                if (attemptTimeout <= TimeSpan.Zero)
                {
                    return;
                }

                var (_, sentAt) = await _client.KeepSessionAliveAsync(SessionId, attemptTimeout, RetryPolicy.None, stop).ConfigureAwait(false);
                Volatile.Write(ref _lastSentAt, sentAt);
                _validity.Extend(sentAt, ValidFor);
                failures = 0;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (SessionLostException e)
            {
                _validity.Lose($"the server ended the session: {e.Detail ?? e.Message}");
                return;
            }
            catch (LeaseholdException e) when (FencedLock.IsTransient(e))
            {
                // Try again while the session may still be trusted; the local deadline fires SessionLost if none gets through.
                failures++;
            }
            catch (Exception e)
            {
                _validity.Lose($"keep-alive failed: {e.Message}");
                return;
            }
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
