namespace Leasehold.Faults;

/// <summary>
/// Holds each incoming grain call's turn while the silo is paused, calls from its own grain factory included (a
/// co-hosted API's). Orleans answers membership probes inside the connection, below these filters, so this alone
/// makes a slow silo, not a dead one: the transport stall does that part.
/// </summary>
internal sealed class PauseGrainCallFilter(FaultController faults) : IIncomingGrainCallFilter
{
    // Every grain call passes here: when no pause is in force (nearly always) the call goes on without an async frame.
    public Task Invoke(IIncomingGrainCallContext context)
    {
        var running = faults.PauseGate.WhenRunningAsync();
        return running.IsCompleted ? context.Invoke() : InvokeWhenRunningAsync(running, context);
    }

    private static async Task InvokeWhenRunningAsync(Task running, IIncomingGrainCallContext context)
    {
        await running.ConfigureAwait(false);
        await context.Invoke().ConfigureAwait(false);
    }
}
