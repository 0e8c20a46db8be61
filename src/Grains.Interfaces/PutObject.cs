using Orleans;

namespace Leasehold.Grains;

/// <summary>A fenced write.</summary>
/// <param name="Key">The object key.</param>
/// <param name="Value">The new bytes.</param>
/// <param name="ContentType">The media type to store with them.</param>
/// <param name="Token">The writer's fencing token, as issued with its lease.</param>
/// <param name="Owner">
/// The principal writing (with authentication on), as in <see cref="RenewLease.Owner"/>: the token's holder must belong
/// to it, and the key must be named under the token's resource (<see cref="ObjectKeys.ResourceOf"/>). Null: no principal,
/// and the first write binds a key to its token's resource.
/// </param>
/// <param name="Precondition">The version the key's object must have (<c>If-Match</c>), or that it must not exist (<c>If-None-Match: *</c>).</param>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.PutObject")]
public sealed record PutObject(
    [property: Id(0)] string Key,
    [property: Id(1)] byte[] Value,
    [property: Id(2)] string ContentType,
    [property: Id(3)] string Token,
    [property: Id(4)] string? Owner = null,
    [property: Id(5)] Leasehold.Storage.ObjectPrecondition Precondition = default);
