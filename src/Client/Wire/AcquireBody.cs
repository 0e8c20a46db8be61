namespace Leasehold.Client.Wire;

/// <summary>Body of <c>POST /v1/leases/{resource}/acquire</c>.</summary>
internal sealed record AcquireBody(string Holder, long TtlMs, long? WaitMs, LeaseMode? Mode = null);
