using Orleans;

namespace Leasehold.Storage.Tests.Contracts;

/// <summary>A grain state shaped like a lease's: a record Orleans' serializer writes (generated, version tolerant).</summary>
[GenerateSerializer]
[Alias("leasehold.tests.LeaseState")]
public sealed record LeaseState([property: Id(0)] long Fence, [property: Id(1)] string? Holder, [property: Id(2)] DateTimeOffset ExpiresAtUtc);
