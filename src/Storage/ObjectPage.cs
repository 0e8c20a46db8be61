using Orleans;

namespace Leasehold.Storage;

/// <summary>One page of a listing by prefix, in ordinal key order, tombstones left out.</summary>
/// <param name="Items">The objects of this page.</param>
/// <param name="Next">The cursor of the next page (the last key of this one), or null when this page is the last.</param>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.ObjectPage")]
public sealed record ObjectPage([property: Id(0)] IReadOnlyList<ObjectSummary> Items, [property: Id(1)] string? Next);
