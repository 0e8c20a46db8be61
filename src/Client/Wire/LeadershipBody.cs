namespace Leasehold.Client.Wire;

/// <summary>A leadership (campaign, proclaim) as the server writes it.</summary>
internal sealed record LeadershipBody(string Election, string Resource, string Leader, string? Value, string LeaseId, long Fence, string Token, long TtlMs, DateTimeOffset ExpiresAtUtc);
