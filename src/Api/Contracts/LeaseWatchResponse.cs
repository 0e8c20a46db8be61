namespace Leasehold.Api.Contracts;

/// <summary>The answer of a lease long poll (<c>GET /v1/leases/{resource}/watch?index=N&amp;wait=30s</c>).</summary>
/// <param name="Resource">The resource.</param>
/// <param name="Index">The id of the latest change (also in <c>X-Leasehold-Index</c>): send it as the next poll's <c>index</c>.</param>
/// <param name="Reset">True when changes after the asked-for index are no longer all retained: take <paramref name="Lease"/> as the state.</param>
/// <param name="Events">The changes after the asked-for index, oldest first (empty when the wait ran out, or on a reset).</param>
/// <param name="Lease">The lease's state now.</param>
public sealed record LeaseWatchResponse(string Resource, long Index, bool Reset, IReadOnlyList<LeaseEventResponse> Events, LeaseStateResponse Lease);
