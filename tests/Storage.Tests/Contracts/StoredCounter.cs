using Orleans;

namespace Leasehold.Storage.Tests.Contracts;

/// <summary>A small grain state for the storage contracts, written with Orleans' serializer.</summary>
[GenerateSerializer]
[Alias("leasehold.tests.StoredCounter")]
public sealed record StoredCounter([property: Id(0)] int Value);
