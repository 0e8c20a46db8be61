namespace Leasehold.Runtime.Tests.TestGrains;

/// <summary>
/// A grain that reports its activations and deactivations to the <see cref="GrainProbe"/>. The test
/// steers its activation with probe flags: <c>{key}:hold-activation</c> (activation waits for gate
/// <c>{key}:activation</c>), then <c>{key}:fail-activation</c> (the next activation throws).
/// </summary>
public interface ILifecycleGrain : IGrainWithStringKey
{
    /// <summary>Records a call; returns which activation of this grain answered (1, 2, ...).</summary>
    Task<int> PingAsync();

    /// <summary>Asks the runtime not to collect this activation for <paramref name="period"/>.</summary>
    Task KeepAliveAsync(TimeSpan period);

    /// <summary>Opens <c>{gate}:entered</c>, then waits until the test opens <paramref name="gate"/>.</summary>
    Task BlockAsync(string gate);
}
