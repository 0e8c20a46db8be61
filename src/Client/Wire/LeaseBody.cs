namespace Leasehold.Client.Wire;

/// <summary>A granted lease as the server writes it.</summary>
internal sealed record LeaseBody(string Resource, string Holder, string LeaseId, long Fence, string Token, long TtlMs, DateTimeOffset ExpiresAtUtc, LeaseMode Mode = LeaseMode.Exclusive);
