namespace Leasehold.Client.Wire;

/// <summary>Body of <c>POST /v1/sessions</c>.</summary>
internal sealed record OpenSessionBody(string Holder, long TtlMs);

/// <summary>Body of <c>POST /v1/leases/{resource}/acquire</c> in a session.</summary>
internal sealed record AcquireInSessionBody(string SessionId, long? WaitMs, LeaseMode? Mode = null);
