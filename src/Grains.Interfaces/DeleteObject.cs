using Leasehold.Storage;
using Orleans;

namespace Leasehold.Grains;

/// <summary>A fenced delete: checked as a <see cref="PutObject"/> is, it leaves a tombstone that keeps the key's fence.</summary>
/// <param name="Key">The object key.</param>
/// <param name="Token">The deleter's fencing token, as issued with its lease.</param>
/// <param name="Owner">The principal deleting (with authentication on), as in <see cref="PutObject.Owner"/>.</param>
/// <param name="Precondition">The version the object must have (<c>If-Match</c>).</param>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.DeleteObject")]
public sealed record DeleteObject(
    [property: Id(0)] string Key,
    [property: Id(1)] string Token,
    [property: Id(2)] string? Owner = null,
    [property: Id(3)] ObjectPrecondition Precondition = default);
