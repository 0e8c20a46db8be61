namespace Leasehold.Runtime.Activation;

/// <summary>A closure queued by the grain itself to run as a turn of its own.</summary>
internal sealed class TurnWorkItem<T>(Func<Task<T>> work) : WorkItem
{
    private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<T> Result => _result.Task;

    public override async Task ExecuteAsync(Activation activation)
    {
        try
        {
            _result.TrySetResult(await work());
        }
        catch (Exception ex)
        {
            _result.TrySetException(ex);
        }
    }

    public override void Fail(Exception reason) => _result.TrySetException(reason);
}
