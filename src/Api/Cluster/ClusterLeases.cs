using Leasehold.Grains;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace Leasehold.Api.Cluster;

/// <summary>
/// The leases of the whole cluster, with the silo that holds each: every Active silo is asked at once, through its
/// <see cref="ISiloReportGrain"/> (placed on that silo), for its soonest-expiring leases and its faults in force. Each
/// answer is awaited at most <see cref="ApiOptions.SiloAnswerTimeout"/>: a silo that is paused, partitioned from this one
/// or gone is listed as unreachable, never waited for longer and never silently left out. Why a fan-out and not the
/// durable lease state: only the silo that runs a lease grain knows its holder's time left on a monotonic clock, and
/// which silo that is; the stored state knows neither.
/// </summary>
internal sealed class ClusterLeases(IGrainFactory grains, IServiceProvider services, IOptions<ApiOptions> options, TimeProvider time)
{
    private readonly IClusterMembershipService? _membership = services.GetService<IClusterMembershipService>();

    /// <summary>Asks every Active silo for its <paramref name="limit"/> soonest-expiring leases; merges them, soonest first.</summary>
    public async Task<ClusterLeaseList> ListAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var timeout = options.Value.SiloAnswerTimeout;
        var silos = await ActiveSilosAsync(timeout, cancellationToken).ConfigureAwait(false);
        var answers = await Task.WhenAll(silos.Select(silo => AskAsync(silo, limit, timeout, cancellationToken))).ConfigureAwait(false);

        // Time left is each holder silo's monotonic reading, so leases of silos with skewed wall clocks still sort right.
        var soonest = answers
            .Where(a => a.Report is not null)
            .SelectMany(a => a.Report!.Leases.Select(l => (a.Silo, Lease: l)))
            .OrderBy(l => l.Lease.Remaining)
            .ThenBy(l => l.Lease.Resource, StringComparer.Ordinal)
            .ThenBy(l => l.Lease.Holder, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
        return new ClusterLeaseList(soonest, answers);
    }

    /// <summary>
    /// The silos to ask: a co-hosted silo's own membership view (no call), or, in a cluster client, a gateway's view
    /// through Orleans' management grain, under the same bound as the silos' answers.
    /// </summary>
    private async Task<IReadOnlyList<SiloAddress>> ActiveSilosAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_membership is not null)
        {
            return [.. _membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).Order()];
        }

        var hosts = await Bounded(grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken), timeout, cancellationToken).ConfigureAwait(false);
        return [.. hosts.Keys.Order()];
    }

    private async Task<SiloAnswer> AskAsync(SiloAddress silo, int limit, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var report = await Bounded(grains.GetGrain<ISiloReportGrain>(silo.ToParsableString()).GetAsync(limit), timeout, cancellationToken).ConfigureAwait(false);
            return new SiloAnswer(silo, report, null);
        }
        catch (TimeoutException)
        {
            return new SiloAnswer(silo, null, $"no answer within {timeout.TotalMilliseconds:0} ms (Api:SiloAnswerTimeout)");
        }
        catch (Exception ex) when (ex is OrleansException or SiloUnavailableException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new SiloAnswer(silo, null, ex.Message);
        }
    }

    /// <summary>
    /// Waits for <paramref name="call"/> at most <paramref name="timeout"/>. A call given up on is still owned: Orleans ends
    /// it by its own call timeout, and its failure is observed here so it never surfaces as an unobserved task exception.
    /// </summary>
    private Task<T> Bounded<T>(Task<T> call, TimeSpan timeout, CancellationToken cancellationToken)
    {
        _ = call.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return call.WaitAsync(timeout, time, cancellationToken);
    }
}
