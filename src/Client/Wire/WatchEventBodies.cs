namespace Leasehold.Client.Wire;

/// <summary>A lease watch event as the server writes it.</summary>
internal sealed record LeaseEventBody(long Id, string Kind, string Resource, string? Holder, long? Fence, DateTimeOffset? AtUtc, DateTimeOffset? ExpiresAtUtc, string? Reason, LeaseState? Lease, LeaseMode? Mode = null);

/// <summary>An object watch event as the server writes it.</summary>
internal sealed record ObjectEventBody(long Id, string Kind, string Key, long? Version, long? Fence, string? ContentType, long? Length, DateTimeOffset? AtUtc, string? Reason, ObjectState? Object);
