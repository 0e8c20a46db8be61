using Leasehold.Runtime.Activation;
using Leasehold.Runtime.Faults;
using Leasehold.Runtime.Membership;
using Leasehold.Runtime.Placement;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leasehold.Runtime.Hosting;

/// <summary>
/// Starts and stops the silo. Start: join the membership table (Joining → Active), then collect idle
/// activations every quantum. Graceful stop: ShuttingDown (placement stops choosing this silo), deactivate
/// every activation (their grains come back on the survivors), then Dead. A killed silo skips all of it.
/// </summary>
internal sealed partial class SiloLifecycle(
    ClusterMembershipService membership,
    ActivationDirectory activations,
    OwnershipWatcher ownership,
    FaultController faults,
    IOptions<ActivationOptions> options,
    TimeProvider time,
    ILogger<SiloLifecycle> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _collector = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await membership.JoinAsync(cancellationToken).ConfigureAwait(false);
        LogSiloActive(logger, membership.LocalSilo, ownership.GetType().Name);
        _collector = CollectIdleActivationsAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _collector.ConfigureAwait(false);
        if (faults.IsKilled)
        {
            return;
        }

        await membership.BeginLeaveAsync(cancellationToken).ConfigureAwait(false);
        await activations.DeactivateAllAsync(DeactivationReason.ShuttingDown, options.Value.DeactivationTimeout).ConfigureAwait(false);
        await membership.LeaveAsync(cancellationToken).ConfigureAwait(false);
        LogSiloStopped(logger, membership.LocalSilo);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task CollectIdleActivationsAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.CollectionQuantum, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var collected = activations.CollectIdle(options.Value.CollectionAge);
                if (collected > 0)
                {
                    LogCollected(logger, collected);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Silo {SiloAddress} is active ({Watcher} follows view changes)")]
    private static partial void LogSiloActive(ILogger logger, SiloAddress siloAddress, string watcher);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Silo {SiloAddress} stopped")]
    private static partial void LogSiloStopped(ILogger logger, SiloAddress siloAddress);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Collected {Count} idle activations")]
    private static partial void LogCollected(ILogger logger, int count);
}
