using Leasehold.Runtime.Membership;

namespace Leasehold.Runtime.Tests.Messaging;

internal sealed class WhereGrain(IMembershipView membership, Gate gate) : Grain, IWhereGrain
{
    private int _calls;

    public Task<WhereAnswer> WhereAsync(string note) => Task.FromResult(new WhereAnswer(membership.LocalSilo.ToString(), ++_calls, note));

    public Task FailAsync(string message) => throw new InvalidOperationException(message);

    public async Task<int> WaitAsync(int value)
    {
        gate.Entered.TrySetResult();
        await gate.Open.Task;
        return value;
    }
}

/// <summary>Lets a test hold a grain call in flight.</summary>
public sealed class Gate
{
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
