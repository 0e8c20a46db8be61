using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace Leasehold.Diagnostics;

/// <summary>
/// The <c>Leasehold</c> meter's membership instruments, as one silo sees the cluster: <c>leasehold.membership.changes</c>
/// counts the silos that entered a status in this silo's membership view (Orleans' <see cref="IClusterMembershipService"/>),
/// by the new status, and <c>leasehold.silos</c> observes how many silos the view holds in each status. Every silo counts
/// what it saw, so a silo's death is counted once on each survivor. The view this silo found when it first read the
/// membership table is where it starts from: the silos already there are not counted as changes, its own entry is.
/// </summary>
public sealed partial class MembershipInstruments : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>The attribute that names a silo status (<c>joining</c>, <c>active</c>, <c>shutting-down</c>, <c>stopping</c>, <c>dead</c>).</summary>
    public const string StatusAttribute = "leasehold.silo.status";

    /// <summary>The statuses both instruments always report, zero included, so no series appears late or vanishes when its last silo leaves.</summary>
    private static readonly SiloStatus[] Reported = [SiloStatus.Joining, SiloStatus.Active, SiloStatus.ShuttingDown, SiloStatus.Stopping, SiloStatus.Dead];

    private readonly IClusterMembershipService _membership;
    private readonly SiloAddress _self;
    private readonly ILogger<MembershipInstruments> _logger;
    private readonly long[] _changes = new long[Reported.Length];

    /// <summary>Creates the instruments on the silo's <c>Leasehold</c> meter; they count once the silo's lifecycle starts them.</summary>
    public MembershipInstruments(IMeterFactory meterFactory, IClusterMembershipService membership, ILocalSiloDetails silo, ILogger<MembershipInstruments> logger)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _membership = membership;
        _self = silo.SiloAddress;
        _logger = logger;
        var meter = meterFactory.Create(LeaseholdDiagnostics.Name);

        // Observed rather than added to: every status is reported at every collection, zero included, so the first death is
        // an increase to a scraper (Prometheus' increase() misses the first sample of a series that appears late).
        meter.CreateObservableCounter("leasehold.membership.changes", ObserveChanges, "{change}",
            "Silos that entered a status (joining, active, shutting-down, stopping, dead) in this silo's membership view.");
        meter.CreateObservableUpDownCounter("leasehold.silos", ObserveSilos, "{silo}",
            "Silos in this silo's membership view, by status (dead ones stay until Orleans removes their entries).");
    }

    /// <summary>The name of a status as the attribute carries it: <c>shutting-down</c> for <see cref="SiloStatus.ShuttingDown"/>.</summary>
    public static string NameOf(SiloStatus status) => status switch
    {
        SiloStatus.Created => "created",
        SiloStatus.Joining => "joining",
        SiloStatus.Active => "active",
        SiloStatus.ShuttingDown => "shutting-down",
        SiloStatus.Stopping => "stopping",
        SiloStatus.Dead => "dead",
        _ => "none",
    };

    void ILifecycleParticipant<ISiloLifecycle>.Participate(ISiloLifecycle lifecycle)
    {
        var stopping = new CancellationTokenSource();
        Task? watching = null;

        // Orleans' membership service starts publishing at this stage, and stops last: the silo's own shutdown is seen too.
        lifecycle.Subscribe(
            nameof(MembershipInstruments),
            ServiceLifecycleStage.RuntimeInitialize,
            _ =>
            {
                watching = Task.Run(() => WatchAsync(stopping.Token), CancellationToken.None);
                return Task.CompletedTask;
            },
            async cancellation =>
            {
                await stopping.CancelAsync().ConfigureAwait(false);
                if (watching is not null)
                {
                    await watching.WaitAsync(cancellation).ConfigureAwait(false);
                }

                stopping.Dispose();
            });
    }

    private async Task WatchAsync(CancellationToken stopping)
    {
        ClusterMembershipSnapshot? previous = null;
        try
        {
            await foreach (var snapshot in _membership.MembershipUpdates.WithCancellation(stopping).ConfigureAwait(false))
            {
                if (previous is not null)
                {
                    Count(previous, snapshot);
                }

                previous = snapshot;
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The silo is stopping.
        }
        catch (Exception exception)
        {
            // Counting is never worth failing a silo for; the view is still Orleans', only the counter stops.
            LogWatchFailed(_logger, exception);
        }
    }

    /// <summary>Counts the silos whose status differs from <paramref name="previous"/>'s view, by their new status.</summary>
    private void Count(ClusterMembershipSnapshot previous, ClusterMembershipSnapshot current)
    {
        // Until this silo has read the table (its first view holds only itself, at the minimum version), what the next view
        // holds is what was already there, not what changed: only this silo's own entry counts.
        var baseline = previous.Version == MembershipVersion.MinValue;
        foreach (var (address, member) in current.Members)
        {
            var known = previous.Members.TryGetValue(address, out var before);
            if ((known && before!.Status == member.Status) || (baseline && !address.Equals(_self)))
            {
                continue;
            }

            Changed(member.Status);
        }

        // An entry that left the view was removed from the table: defunct (already dead) entries are cleaned up that way.
        foreach (var (address, before) in previous.Members)
        {
            if (!current.Members.ContainsKey(address) && before.Status != SiloStatus.Dead && !baseline)
            {
                Changed(SiloStatus.Dead);
            }
        }
    }

    private void Changed(SiloStatus status)
    {
        // Created and None are never written to the table by a silo that runs; nothing else is counted.
        var index = Array.IndexOf(Reported, status);
        if (index >= 0)
        {
            Interlocked.Increment(ref _changes[index]);
        }
    }

    private IEnumerable<Measurement<long>> ObserveChanges()
    {
        for (var i = 0; i < Reported.Length; i++)
        {
            yield return new Measurement<long>(Interlocked.Read(ref _changes[i]), new KeyValuePair<string, object?>(StatusAttribute, NameOf(Reported[i])));
        }
    }

    private IEnumerable<Measurement<int>> ObserveSilos()
    {
        var members = _membership.CurrentSnapshot.Members.Values;
        foreach (var status in Reported.Union(members.Select(m => m.Status)))
        {
            yield return new Measurement<int>(members.Count(m => m.Status == status), new KeyValuePair<string, object?>(StatusAttribute, NameOf(status)));
        }
    }
}
