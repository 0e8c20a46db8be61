namespace Leasehold.Storage.Tests.Contracts;

/// <summary>A small grain state for the storage contracts.</summary>
public sealed record StoredCounter(int Value);
