namespace Leasehold.Runtime.Tests.TestGrains;

/// <summary>What a <see cref="ITurnGrain"/> activation measured.</summary>
/// <param name="MaxConcurrentTurns">Most non-reentrant calls in progress at once.</param>
/// <param name="MaxConcurrentThreads">Most threads running the activation's code at once.</param>
/// <param name="StoredCounter">The durable counter as last written.</param>
public sealed record TurnStats(int MaxConcurrentTurns, int MaxConcurrentThreads, int StoredCounter);
