using Leasehold.Grains;

namespace Leasehold.Api.Contracts;

/// <summary>One event of an object watch: <c>written</c>, <c>deleted</c>, or a <c>reset</c> with the current state.</summary>
/// <param name="Id">The object's version (the SSE <c>id:</c>); for a reset, its current version (0: never written).</param>
/// <param name="Kind"><c>written</c>, <c>deleted</c> or <c>reset</c>.</param>
/// <param name="Key">The object key.</param>
/// <param name="Version">The version written or deleted; null on a reset.</param>
/// <param name="Fence">The fence of the write or delete; null on a reset.</param>
/// <param name="ContentType">For written: the stored media type.</param>
/// <param name="Length">For written: the stored length in bytes.</param>
/// <param name="AtUtc">When it happened, by the database's clock; null on a reset.</param>
/// <param name="Reason">For a reset: <c>start</c> (a new watch) or <c>behind</c> (versions were missed: the store keeps only the latest).</param>
/// <param name="Object">For a reset: the object's state now.</param>
public sealed record ObjectEventResponse(
    long Id,
    string Kind,
    string Key,
    long? Version = null,
    long? Fence = null,
    string? ContentType = null,
    long? Length = null,
    DateTimeOffset? AtUtc = null,
    string? Reason = null,
    ObjectStateResponse? Object = null)
{
    public static ObjectEventResponse From(ObjectChange change) => change.Kind == ObjectChangeKind.Deleted
        ? new(change.Version, "deleted", change.Key, change.Version, change.Fence, AtUtc: change.AtUtc)
        : new(change.Version, "written", change.Key, change.Version, change.Fence, change.ContentType, change.Length, change.AtUtc);

    public static ObjectEventResponse Reset(string key, string reason, ObjectChange? current) =>
        new(current?.Version ?? 0, LeaseEventResponse.ResetKind, key, Reason: reason, Object: ObjectStateResponse.From(key, current));
}
