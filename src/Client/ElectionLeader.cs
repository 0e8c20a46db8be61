namespace Leasehold.Client;

/// <summary>Who leads an election (<c>GET /v1/elections/{name}/leader</c>): never the lease id or token.</summary>
/// <param name="Election">The election.</param>
/// <param name="Leader">The leader.</param>
/// <param name="Value">The value it proclaimed, or null.</param>
/// <param name="Fence">The fence of its term.</param>
/// <param name="ExpiresAtUtc">When its term expires by the server's wall clock, unless renewed: for display only.</param>
/// <param name="RemainingMs">Time left of the term by the server's monotonic clock, in milliseconds.</param>
/// <param name="Candidates">How many candidates wait in line.</param>
/// <param name="Index">Grows whenever leadership or the value changes.</param>
public sealed record ElectionLeader(string Election, string Leader, string? Value, long Fence, DateTimeOffset ExpiresAtUtc, long RemainingMs, int Candidates, long Index);
