namespace Leasehold.Api.Contracts;

/// <summary>Body of <c>POST /v1/elections/{name}/campaign</c>.</summary>
/// <param name="Candidate">Who campaigns: 1–200 printable characters; the leader's name once elected. Campaigning again as the leader returns the same leadership. With authentication on, defaults to the principal's name.</param>
/// <param name="Value">What to proclaim once leading (e.g. the leader's address), up to 4096 characters; omitted: nothing.</param>
/// <param name="TtlMs">Time to live of the term in milliseconds, within the server's lease bounds (default 100 ms to 1 h).</param>
/// <param name="WaitMs">How long to wait in line for the lead, in milliseconds (0 to the server's Leases:WaitMax, default 20 s). Omitted: answer at once.</param>
public sealed record CampaignRequest(string? Candidate, string? Value, long? TtlMs, long? WaitMs);
