namespace Leasehold.Api.Contracts;

/// <summary>The answer of an object long poll (<c>GET /v1/objects/{key}/watch?index=N&amp;wait=30s</c>).</summary>
/// <param name="Key">The object key.</param>
/// <param name="Index">The object's current version (also in <c>X-Leasehold-Index</c>): send it as the next poll's <c>index</c>.</param>
/// <param name="Reset">True when versions after the asked-for index were missed (the store keeps only the latest).</param>
/// <param name="Events">The one change after the asked-for index, when it is the next version; else empty.</param>
/// <param name="Object">The object's state now.</param>
public sealed record ObjectWatchResponse(string Key, long Index, bool Reset, IReadOnlyList<ObjectEventResponse> Events, ObjectStateResponse Object);
