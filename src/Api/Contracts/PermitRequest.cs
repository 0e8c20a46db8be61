namespace Leasehold.Api.Contracts;

/// <summary>Body of <c>POST /v1/semaphores/{name}/acquire</c>.</summary>
/// <param name="Holder">Who asks: 1–200 printable characters. Asking again as a holder of a permit returns the same permit. With authentication on, defaults to the principal's name.</param>
/// <param name="TtlMs">Time to live of the permit in milliseconds, within the server's lease bounds (default 100 ms to 1 h).</param>
/// <param name="Permits">How many permits the semaphore has, 1 to the server's Leases:MaxPermits (default 64). The first acquire fixes it; every later acquire must name the same number.</param>
/// <param name="WaitMs">How long to wait in the semaphore's line for a permit, in milliseconds (0 to the server's Leases:WaitMax, default 20 s). Omitted: answer at once.</param>
public sealed record PermitRequest(string? Holder, long? TtlMs, int? Permits, long? WaitMs);
