namespace Leasehold.Grains.Leases;

/// <summary>An acquirer waiting in line. Lives and is touched only on its lease grain's activation.</summary>
/// <param name="owner">The principal it waits for (with authentication on), counted against that principal's share of the line; null: none.</param>
/// <param name="mode">The mode it asks for: a shared waiter is woken with the shared waiters next to it.</param>
internal sealed class LeaseWaiter(string? owner, LeaseMode mode = LeaseMode.Exclusive)
{
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LinkedListNode<LeaseWaiter>? Node { get; set; }

    /// <summary>The principal it waits for, or null.</summary>
    public string? Owner { get; } = owner;

    /// <summary>The mode it asks for.</summary>
    public LeaseMode Mode { get; } = mode;

    /// <summary>Tells the waiter to try again: the lease may be free and it is first in line.</summary>
    public void Wake() => _wake.TrySetResult();

    /// <summary>Waits until woken, until <paramref name="timeout"/> has passed on <paramref name="time"/>, or until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken = default)
    {
        try
        {
            await _wake.Task.WaitAsync(timeout, time, cancellationToken);
        }
        catch (TimeoutException)
        {
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
