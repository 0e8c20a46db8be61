namespace Leasehold.Client.Wire;

/// <summary>An RFC 9457 problem with the extensions Leasehold adds to some types.</summary>
internal sealed record ProblemBody(
    string? Type,
    string? Title,
    int? Status,
    string? Detail,
    string? Holder,
    long? Fence,
    long? HighestFence,
    long? RetryAfterMs,
    long? Index,
    Dictionary<string, string[]>? Errors,
    long? CurrentVersion = null,
    bool? Deleted = null,
    int? Permits = null,
    int? Holders = null);
