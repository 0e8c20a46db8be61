namespace Leasehold.Client.Wire;

/// <summary>Body of <c>POST /v1/elections/{name}/campaign</c>.</summary>
internal sealed record CampaignBody(string Candidate, string? Value, long TtlMs, long? WaitMs);
