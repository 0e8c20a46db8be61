namespace Leasehold.Faults;

/// <summary>
/// Holds each incoming grain call's turn while the silo is paused, calls from its own grain factory included (a
/// co-hosted API's). Orleans answers membership probes inside the connection, below these filters, so this alone
/// makes a slow silo, not a dead one: the transport stall does that part.
/// </summary>
internal sealed class PauseGrainCallFilter(FaultController faults) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        await faults.PauseGate.WhenRunningAsync().ConfigureAwait(false);
        await context.Invoke().ConfigureAwait(false);
    }
}
