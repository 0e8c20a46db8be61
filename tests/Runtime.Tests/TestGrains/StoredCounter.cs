namespace Leasehold.Runtime.Tests.TestGrains;

/// <summary>The durable state of a <see cref="ITurnGrain"/>.</summary>
public sealed record StoredCounter(int Value);
