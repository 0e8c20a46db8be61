using Leasehold.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Placement;

namespace Leasehold.Grains.Cluster;

/// <summary>
/// Answers for the silo it runs on (its key; <see cref="SiloPlacement"/> puts it there): the leases held by lease grains
/// of this silo (<see cref="HeldLeases"/>) and the faults in force (<see cref="ISiloFaultsSource"/>). It holds no state; a
/// paused silo's turns are held like every other grain's, so a paused silo does not answer, as it would not after SIGSTOP.
/// </summary>
[SiloPlacement]
// Never moved by activation rebalancing: its whole point is where it runs.
[Immovable]
internal sealed class SiloReportGrain(LeaseholdInstruments instruments, IServiceProvider services) : Grain, ISiloReportGrain
{
    private readonly ISiloFaultsSource? _faults = services.GetService<ISiloFaultsSource>();

    public Task<SiloReport> GetAsync(int leaseLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(leaseLimit);
        var (soonest, total) = instruments.Leases.List(leaseLimit);
        return Task.FromResult(new SiloReport(
            total,
            [.. soonest.Select(l => new ReportedLease(l.Resource, l.Holder, l.Fence, l.ExpiresAtUtc, l.Remaining))],
            _faults?.Current));
    }
}
