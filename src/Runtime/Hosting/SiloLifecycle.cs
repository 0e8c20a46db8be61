using Leasehold.Runtime.Activation;
using Leasehold.Runtime.Membership;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leasehold.Runtime.Hosting;

/// <summary>
/// Starts and stops the silo: moves it to Active, collects idle activations every quantum, and on a
/// graceful stop goes ShuttingDown, deactivates every activation, then Dead.
/// </summary>
internal sealed partial class SiloLifecycle(
    SingleSiloMembership membership,
    ActivationDirectory activations,
    IOptions<ActivationOptions> options,
    TimeProvider time,
    ILogger<SiloLifecycle> logger) : IHostedService, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _collector = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        membership.SetStatus(SiloStatus.Active);
        LogSiloActive(logger, membership.LocalSilo);
        _collector = CollectIdleActivationsAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        membership.SetStatus(SiloStatus.ShuttingDown);
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _collector.ConfigureAwait(false);
        await activations.DeactivateAllAsync(DeactivationReason.ShuttingDown, options.Value.DeactivationTimeout).ConfigureAwait(false);
        membership.SetStatus(SiloStatus.Dead);
        LogSiloStopped(logger, membership.LocalSilo);
    }

    public ValueTask DisposeAsync()
    {
        _stopping.Dispose();
        return ValueTask.CompletedTask;
    }

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

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Silo {SiloAddress} is active")]
    private static partial void LogSiloActive(ILogger logger, SiloAddress siloAddress);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Silo {SiloAddress} stopped")]
    private static partial void LogSiloStopped(ILogger logger, SiloAddress siloAddress);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Collected {Count} idle activations")]
    private static partial void LogCollected(ILogger logger, int count);
}
