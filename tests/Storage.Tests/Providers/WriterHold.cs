namespace Leasehold.Storage.Tests.Providers;

/// <summary>An operation parked in the writer: the writer is inside a transaction until <see cref="Release"/>.</summary>
public sealed class WriterHold : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly ManualResetEventSlim _release = new();
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<bool> _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Entered => _entered.Task;

    /// <summary>Blocks the (synchronous) writer until released; false if the test forgot to release it.</summary>
    public bool Wait()
    {
        _entered.TrySetResult();
        return _release.Wait(Timeout);
    }

    /// <summary>Parks the (asynchronous) writer until released.</summary>
    public async Task<bool> WaitAsync()
    {
        _entered.TrySetResult();
        return await _released.Task.WaitAsync(Timeout);
    }

    public void Release()
    {
        _release.Set();
        _released.TrySetResult(true);
    }

    public void Dispose()
    {
        Release();
        _release.Dispose();
    }
}
