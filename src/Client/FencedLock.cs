namespace Leasehold.Client;

/// <summary>
/// A lease held as a lock: acquired with an optional wait, renewed in the background at a fraction of its TTL,
/// and watched on the local monotonic clock. <see cref="LeaseLost"/> fires as soon as the lease can no longer be
/// trusted: the TTL minus a safety margin has passed since the last granted request was <em>sent</em> without a
/// newer renewal confirmed, or the server refused a renewal, or the lock was disposed. Server time is never used.
/// </summary>
/// <remarks>
/// A lock alone is never enough: a process can pause past any signal. Send <see cref="Token"/> with every write
/// (<see cref="LeaseholdClient.PutObjectAsync(string, ReadOnlyMemory{byte}, string, string?, CancellationToken)"/>) so the store refuses it once a newer holder exists.
/// </remarks>
public sealed class FencedLock : IAsyncDisposable
{
    private readonly LeaseholdClient _client;
    private readonly FencedLockOptions _options;
    private readonly TimeProvider _time;
    private readonly LeaseValidity _validity;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;
    private readonly Release _release;
    private Lease _lease;
    private int _disposed;

    private FencedLock(LeaseholdClient client, FencedLockOptions options, Lease lease, Release release)
    {
        _client = client;
        _options = options;
        _release = release;
        _time = client.Options.TimeProvider;
        _lease = lease;
        _validity = new LeaseValidity(_time, lease.SentAtTimestamp, ValidFor);
        _renewal = Task.Run(() => RenewLoopAsync(_stop.Token));
    }

    /// <summary>The locked resource.</summary>
    public string Resource => Lease.Resource;

    /// <summary>Who holds the lock.</summary>
    public string Holder => Lease.Holder;

    /// <summary>The lease id (a secret: it renews and releases the lease).</summary>
    public string LeaseId => Lease.LeaseId;

    /// <summary>The fence of this grant; renewals keep it.</summary>
    public long Fence => Lease.Fence;

    /// <summary>The signed fencing token: send it with every write made under this lock.</summary>
    public string Token => Lease.Token;

    /// <summary>The mode it is held in: exclusive (<see cref="Token"/> writes) or shared (a read lock; <see cref="Token"/> cannot write).</summary>
    public LeaseMode Mode => Lease.Mode;

    /// <summary>The latest grant (acquire or renewal).</summary>
    public Lease Lease => Volatile.Read(ref _lease);

    /// <summary>Cancelled as soon as the lease can no longer be trusted; never un-cancelled. Pass it to the work done under the lock.</summary>
    public CancellationToken LeaseLost => _validity.Lost;

    /// <summary>Whether <see cref="LeaseLost"/> has fired.</summary>
    public bool IsLost => _validity.Lost.IsCancellationRequested;

    /// <summary>Why the lease was lost; null while it is trusted.</summary>
    public string? LostReason => _validity.Reason;

    /// <summary>How long the lease may still be trusted if no renewal succeeds, by the local monotonic clock.</summary>
    public TimeSpan TimeLeft => _validity.Remaining;

    private TimeSpan ValidFor => _options.Ttl - _options.EffectiveSafetyMargin;

    /// <summary>
    /// Acquires the lock on <paramref name="resource"/>, waiting up to <see cref="FencedLockOptions.Wait"/>
    /// (in server-side waits of at most <see cref="FencedLockOptions.ServerWaitMax"/> each), then starts renewing it.
    /// </summary>
    /// <exception cref="LeaseHeldException">Still held by another when the wait ran out.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while acquiring.</exception>
    public static Task<FencedLock> AcquireAsync(LeaseholdClient client, string resource, FencedLockOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return AcquireThroughAsync(
            client,
            options,
            (holder, ttl, ask, ct) => client.AcquireAsync(resource, holder, ttl, ask, options?.Mode ?? LeaseMode.Exclusive, client.Options.Retry, ct),
            (lease, timeout, ct) => client.ReleaseAsync(lease.Resource, lease.LeaseId, timeout, ct),
            cancellationToken);
    }

    /// <summary>Asks for a grant: (holder, TTL, server-side wait) to the lease it answers.</summary>
    internal delegate Task<Lease> Acquire(string holder, TimeSpan ttl, TimeSpan wait, CancellationToken cancellationToken);

    /// <summary>Gives a grant up within an attempt timeout.</summary>
    internal delegate Task Release(Lease lease, TimeSpan attemptTimeout, CancellationToken cancellationToken);

    /// <summary>
    /// The lock's machinery over any grant of a lease — the lease routes, or an election's campaign and resign
    /// (<see cref="Leadership"/>): waits in server-side waits of at most <see cref="FencedLockOptions.ServerWaitMax"/>,
    /// renews on the lease routes, times the lease on the local monotonic clock, and gives it up with
    /// <paramref name="release"/> on dispose.
    /// </summary>
    internal static async Task<FencedLock> AcquireThroughAsync(LeaseholdClient client, FencedLockOptions? options, Acquire acquire, Release release, CancellationToken cancellationToken)
    {
        options ??= new FencedLockOptions();
        options.Validate();
        options = options with { Holder = options.Holder ?? DefaultHolder() };
        var time = client.Options.TimeProvider;
        var started = time.GetTimestamp();
        TimeSpan WaitLeft() => options.Wait == Timeout.InfiniteTimeSpan
            ? Timeout.InfiniteTimeSpan
            : Max(TimeSpan.Zero, options.Wait - time.GetElapsedTime(started));

        while (true)
        {
            var waitLeft = WaitLeft();
            var ask = waitLeft == Timeout.InfiniteTimeSpan ? options.ServerWaitMax : Min(waitLeft, options.ServerWaitMax);
            var askedAt = time.GetTimestamp();
            Lease lease;
            try
            {
                lease = await acquire(options.Holder, options.Ttl, ask, cancellationToken).ConfigureAwait(false);
            }
            catch (LeaseHeldException held) when (WaitLeft() != TimeSpan.Zero)
            {
                // The server waited as asked: ask again at once. If it answered early (a lock delay, a line), it
                // says when to come back; honour that, within our own wait.
                var answeredEarly = time.GetElapsedTime(askedAt) < ask - TimeSpan.FromMilliseconds(50);
                if (answeredEarly)
                {
                    var hint = held.RetryAfter ?? TimeSpan.FromMilliseconds(100);
                    var left = WaitLeft();
                    await Task.Delay(left == Timeout.InfiniteTimeSpan ? hint : Min(hint, left), time, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            // A grant after a wait in line started its TTL at the grant, but our clock can only count from the
            // send, long before. Renew at once, so that the local deadline counts from a send after the grant.
            if (options.Ttl - time.GetElapsedTime(lease.SentAtTimestamp) < options.Ttl / 2)
            {
                try
                {
                    lease = await client.RenewAsync(lease.Resource, lease.LeaseId, options.Ttl, client.Options.RequestTimeout, client.Options.Retry, cancellationToken).ConfigureAwait(false);
                }
                catch (LeaseLostException) when (WaitLeft() != TimeSpan.Zero)
                {
                    continue;
                }
            }

            return new FencedLock(client, options, lease, release);
        }
    }

    /// <summary>Throws <see cref="LeaseLostException"/> if the lease can no longer be trusted.</summary>
    public void ThrowIfLost()
    {
        if (IsLost)
        {
            throw new LeaseLostException($"The lock on '{Resource}' (fence {Fence}) is lost: {LostReason}.");
        }
    }

    /// <summary>
    /// Stops renewing, fires <see cref="LeaseLost"/>, and releases the lease (bounded by
    /// <see cref="FencedLockOptions.ReleaseTimeout"/>). A release that fails is not thrown: the lease then ends by its TTL.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _renewal.ConfigureAwait(false);

        // Lost before the release is sent: from here on nothing may be done under this lease.
        _validity.Lose("the lock was released");
        try
        {
            using var deadline = new CancellationTokenSource(_options.ReleaseTimeout, _time);
            await _release(Lease, _options.ReleaseTimeout, deadline.Token).ConfigureAwait(false);
        }
        catch (LeaseholdException)
        {
            // Already gone, or unreachable: either way the TTL ends it.
        }
        catch (OperationCanceledException)
        {
            // No answer within ReleaseTimeout: the TTL ends it.
        }

        _validity.Dispose();
        _stop.Dispose();
    }

    private async Task RenewLoopAsync(CancellationToken stop)
    {
        var renewEvery = _options.Ttl * _options.RenewFraction;
        var failures = 0;
        while (!stop.IsCancellationRequested && !IsLost)
        {
            var current = Lease;
            var due = failures == 0
                ? renewEvery - _time.GetElapsedTime(current.SentAtTimestamp)
                : Min(_client.Options.Retry.DelayBefore(failures + 1), _validity.Remaining / 4);
            try
            {
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, _time, stop).ConfigureAwait(false);
                }

                // Waiting longer than the lease may still be trusted would be pointless.
                var attemptTimeout = Min(_client.Options.RequestTimeout, _validity.Remaining);
                if (attemptTimeout <= TimeSpan.Zero)
                {
                    return;
                }

                var renewed = await _client.RenewAsync(current.Resource, current.LeaseId, _options.Ttl, attemptTimeout, RetryPolicy.None, stop).ConfigureAwait(false);
                if (renewed.LeaseId != current.LeaseId || renewed.Fence != current.Fence)
                {
                    _validity.Lose($"a renewal answered another lease (fence {renewed.Fence}, expected {current.Fence})");
                    return;
                }

                Volatile.Write(ref _lease, renewed);
                _validity.Extend(renewed.SentAtTimestamp, ValidFor);
                failures = 0;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (LeaseLostException e)
            {
                _validity.Lose($"the server refused the renewal: {e.Detail ?? e.Message}");
                return;
            }
            catch (LeaseholdException e) when (IsTransient(e))
            {
                // Unknown outcome, no connection, server busy: try again while the lease may still be trusted;
                // the local deadline fires LeaseLost if none gets through in time.
                failures++;
            }
            catch (Exception e)
            {
                _validity.Lose($"renewal failed: {e.Message}");
                return;
            }
        }
    }

    /// <summary>A failure worth trying again while the lease (or session) may still be trusted: no answer, no connection, server busy.</summary>
    internal static bool IsTransient(LeaseholdException e) =>
        e is OutcomeUnknownException or ServiceUnreachableException || e.Status is null or >= 500 or 408 or 429;

    private static string DefaultHolder() =>
        $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..12]}";

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
