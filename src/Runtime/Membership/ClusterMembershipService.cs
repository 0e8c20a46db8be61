using System.Net;
using Leasehold.Runtime.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leasehold.Runtime.Membership;

/// <summary>
/// This silo's membership in a real cluster (see <c>docs/membership.md</c>). The view is whatever the
/// membership table said at the newest version this silo has read. The host calls <see cref="JoinAsync"/>
/// at start and <see cref="LeaveAsync"/> on a graceful stop; in between, background loops write the
/// I-am-alive time, re-read the table, and probe this silo's successors on the ring, voting against one
/// that misses too many probes. A silo that reads its own row Dead stops every loop, never writes again under
/// this generation, and tells the host through <see cref="ISiloFailStop"/> (fail-stop).
/// </summary>
public sealed partial class ClusterMembershipService : IMembershipView, IAsyncDisposable
{
    /// <summary>Probe rounds a joining silo waits for silent Active silos before it goes Active anyway.</summary>
    private const int JoinProbeRounds = 3;

    /// <summary>Compare-and-swap attempts on this silo's own row before giving up; each lost one means another silo wrote.</summary>
    private const int MaxOwnRowAttempts = 32;

    /// <summary>Compare-and-swap attempts per vote; a vote that keeps losing is retried at the next probe round.</summary>
    private const int MaxVoteAttempts = 3;

    private readonly IMembershipTable _table;
    private readonly ISiloProber _prober;
    private readonly ISiloFailStop _failStop;
    private readonly MembershipOptions _options;
    private readonly string _clusterId;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DateTimeOffset _startedAt;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly Lock _changedLock = new();
    private readonly Dictionary<SiloAddress, int> _missedProbes = [];
    private MembershipTableSnapshot _lastRead = new(0, []);
    private MembershipSnapshot _current;
    private long _lastRaisedVersion;
    private MembershipSnapshot? _lastRaisedView;
    private long _probeRounds;
    private Lazy<Task>? _refreshInFlight;
    private Task _loops = Task.CompletedTask;
    private int _joinStarted;
    private volatile bool _joined;
    private volatile bool _leaving;
    private volatile bool _silenced;

    /// <summary>A silo whose identity is <c>Cluster:SiloAddress</c>:<c>Cluster:SiloPort</c>, generation = now in Unix milliseconds.</summary>
    public ClusterMembershipService(
        IMembershipTable table,
        ISiloProber prober,
        ISiloFailStop failStop,
        IOptions<MembershipOptions> options,
        IOptions<ClusterOptions> cluster,
        TimeProvider time,
        ILogger<ClusterMembershipService> logger)
        : this(LocalSiloOf(cluster.Value, time), table, prober, failStop, options, cluster, time, logger)
    {
    }

    /// <summary>A silo whose identity is already known, e.g. the endpoint its listener bound (an OS-chosen port with <c>Cluster:SiloPort=0</c>).</summary>
    internal ClusterMembershipService(
        SiloAddress localSilo,
        IMembershipTable table,
        ISiloProber prober,
        ISiloFailStop failStop,
        IOptions<MembershipOptions> options,
        IOptions<ClusterOptions> cluster,
        TimeProvider time,
        ILogger<ClusterMembershipService> logger)
    {
        _table = table;
        _prober = prober;
        _failStop = failStop;
        _options = options.Value;
        _clusterId = cluster.Value.ClusterId;
        _time = time;
        _logger = logger;
        LocalSilo = localSilo;
        _startedAt = DateTimeOffset.FromUnixTimeMilliseconds(localSilo.Generation);
        _current = new MembershipSnapshot(0, [new SiloEntry(LocalSilo, SiloStatus.Joining, _startedAt, _startedAt)]);
    }

    public SiloAddress LocalSilo { get; }

    public MembershipSnapshot Current => Volatile.Read(ref _current);

    /// <summary>The silo's pause gate: while paused, heartbeats, refreshes, probes and votes wait.</summary>
    internal Faults.SiloPause? Pause { get; set; }

    public event Action<MembershipSnapshot>? Changed;

    /// <summary>Probe rounds completed by the probe loop (a phase barrier for tests and diagnostics).</summary>
    internal long ProbeRounds => Interlocked.Read(ref _probeRounds);

    /// <summary>
    /// Joins the cluster: inserts this silo's row as Joining, marks earlier generations of this endpoint Dead
    /// (this process replaces them), probes every Active silo (up to three rounds: a silo that died without
    /// being declared dead must not keep this one out), turns Active and starts the background loops.
    /// </summary>
    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _joinStarted, 1) != 0)
        {
            throw new InvalidOperationException($"Silo {LocalSilo} has already joined; a silo joins once per generation.");
        }

        LogJoining(_logger, LocalSilo, _clusterId);
        await WriteUnlessSilenced(async () =>
        {
            await _table.InitializeAsync(_clusterId, cancellationToken).ConfigureAwait(false);
            return true;
        }, false).ConfigureAwait(false);
        await InsertOwnRowAsync(cancellationToken).ConfigureAwait(false);
        _joined = true;
        await ReplacePreviousGenerationsAsync(cancellationToken).ConfigureAwait(false);
        await ProbeActiveSilosAsync(cancellationToken).ConfigureAwait(false);
        if (!await MoveOwnRowAsync(SiloStatus.Active, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"Silo {LocalSilo} was declared Dead or stopped while joining; it does not serve under this generation.");
        }

        _loops = RunLoopsAsync(_stopping.Token);
        LogActive(_logger, LocalSilo, Current.Version);
    }

    /// <summary>
    /// Announces a graceful stop: this silo's row goes ShuttingDown, so placement stops choosing it while the
    /// host deactivates its grains. It stops probing and voting; heartbeats and refreshes go on until <see cref="LeaveAsync"/>.
    /// </summary>
    public async Task BeginLeaveAsync(CancellationToken cancellationToken)
    {
        if (_silenced)
        {
            return;
        }

        _leaving = true;
        LogLeaving(_logger, LocalSilo);
        await MoveOwnRowAsync(SiloStatus.ShuttingDown, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Graceful stop: ShuttingDown (if <see cref="BeginLeaveAsync"/> did not already), then Dead, then the loops stop.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        if (!_silenced)
        {
            await BeginLeaveAsync(cancellationToken).ConfigureAwait(false);
            await MoveOwnRowAsync(SiloStatus.Dead, cancellationToken).ConfigureAwait(false);
            LogLeft(_logger, LocalSilo);
        }

        Silence();
        await _loops.ConfigureAwait(false);
    }

    /// <summary>Abrupt stop, as a crash: the loops stop and nothing more is written (no goodbye). The others find out by probing.</summary>
    public async Task KillAsync()
    {
        if (Silence())
        {
            LogKilled(_logger, LocalSilo);
        }

        await _loops.ConfigureAwait(false);
    }

    /// <summary>
    /// Re-reads the table now; the messaging layer calls it when a message carries a newer membership version.
    /// A failed read is logged, not thrown: the periodic refresh tries again.
    /// </summary>
    public Task RefreshNowAsync(CancellationToken cancellationToken = default)
    {
        if (_silenced)
        {
            return Task.CompletedTask;
        }

        // Concurrent callers share the read in flight: a burst of messages costs one query, not one each.
        var refresh = new Lazy<Task>(() => RefreshOnceAsync(cancellationToken));
        var inFlight = Interlocked.CompareExchange(ref _refreshInFlight, refresh, null) ?? refresh;
        return inFlight.Value;
    }

    public void Observe(long version)
    {
        if (version > Volatile.Read(ref _current).Version)
        {
            _ = RefreshNowAsync();
        }
    }

    private async Task RefreshOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogRefreshFailed(_logger, ex);
        }
        finally
        {
            Volatile.Write(ref _refreshInFlight, null);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Silence();
        await _loops.ConfigureAwait(false);
        _stopping.Dispose();
    }

    private void FailStop(string reason)
    {
        if (!Silence())
        {
            return;
        }

        LogFailStop(_logger, LocalSilo, reason);
        try
        {
            _failStop.FailStop(reason);
        }
        catch (Exception ex)
        {
            LogFailStopHandlerFailed(_logger, LocalSilo, ex);
        }
    }

    // The generation is the start time: a restarted process on the same endpoint is a new, later incarnation.
    private static SiloAddress LocalSiloOf(ClusterOptions cluster, TimeProvider time) =>
        new(new IPEndPoint(IPAddress.Parse(cluster.SiloAddress), cluster.SiloPort), time.GetUtcNow().ToUnixTimeMilliseconds());

    /// <summary>
    /// Issues <paramref name="write"/> unless this generation is silenced. The check and the issue happen under
    /// the lock that <see cref="Silence"/> takes, so once a silo is silenced not one more write leaves it —
    /// not even one whose loop was already past its own check.
    /// </summary>
    private Task<T> WriteUnlessSilenced<T>(Func<Task<T>> write, T whenSilenced)
    {
        lock (_lock)
        {
            return _silenced ? Task.FromResult(whenSilenced) : write();
        }
    }

    /// <summary>From now on this generation writes nothing and its loops end. True for the one call that did it.</summary>
    private bool Silence()
    {
        lock (_lock)
        {
            if (_silenced)
            {
                return false;
            }

            _silenced = true;
        }

        // Outside the lock: cancelling runs the loops' continuations inline.
        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed while this silo was silenced during its join (no loops were running): nothing left to stop.
        }

        return true;
    }
}
