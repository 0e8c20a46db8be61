namespace Leasehold.Api.Contracts;

/// <summary>Body of <c>POST /v1/leases/{resource}/acquire</c>.</summary>
/// <param name="Holder">Who asks: 1–200 printable characters. Asking again as the current holder returns the same lease.</param>
/// <param name="TtlMs">Time to live in milliseconds, within the server's bounds (default 100 ms to 1 h). Omit it with <paramref name="SessionId"/>.</param>
/// <param name="WaitMs">How long to wait in line if the lease is held, in milliseconds (0 to the server's WaitMax, default 60 s). Omitted: answer at once.</param>
/// <param name="Mode"><c>exclusive</c> (the default: one holder, whose token can write) or <c>shared</c> (many holders at once, as readers; a shared token cannot write).</param>
/// <param name="SessionId">Acquire in this session instead of with a TTL: the lease is held by the session's holder, lasts as long as the session, is renewed by its keep-alives and ends when it does.</param>
public sealed record AcquireRequest(string? Holder, long? TtlMs, long? WaitMs, string? SessionId = null, string? Mode = null);
