using Orleans;

namespace Leasehold.Storage.Tests.Clustering;

/// <summary>The counter grain's state, written with Orleans' serializer.</summary>
[GenerateSerializer]
[Alias("leasehold.tests.CounterState")]
public sealed record CounterState([property: Id(0)] int Value);
