namespace Leasehold.Runtime.Tests.TestGrains;

/// <summary>A grain that measures whether its turns overlap.</summary>
public interface ITurnGrain : IGrainWithStringKey
{
    /// <summary>A non-reentrant call that gives up its thread <paramref name="yields"/> times before it ends.</summary>
    Task TakeTurnAsync(int yields);

    /// <summary>A non-reentrant call that increments a durable counter (read, then a compare-and-swap write).</summary>
    Task IncrementStoredAsync();

    /// <summary>A non-reentrant call that opens <c>{gate}:entered</c>, then waits until the test opens <paramref name="gate"/>.</summary>
    Task BlockAsync(string gate);

    /// <summary>An interleaving call that gives up its thread <paramref name="yields"/> times.</summary>
    [AlwaysInterleave]
    Task PeekAsync(int yields);

    Task<TurnStats> GetStatsAsync();
}
