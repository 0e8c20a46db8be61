namespace Leasehold.Api.Contracts;

/// <summary>Body of <c>POST /v1/sessions</c>.</summary>
/// <param name="Holder">Who holds the session's leases: 1–200 printable characters (with authentication on, defaults to the principal's name).</param>
/// <param name="TtlMs">How long the session lasts unless kept alive, in milliseconds, within the server's lease TTL bounds (default 100 ms to 1 h).</param>
public sealed record OpenSessionRequest(string? Holder, long? TtlMs);
