namespace Leasehold.Client;

/// <summary>The <c>type</c> URNs of the server's RFC 9457 problems. Match on these, never on titles or details.</summary>
public static class ProblemTypes
{
    /// <summary>The prefix of every Leasehold problem type.</summary>
    public const string Prefix = "urn:leasehold:problem:";

    public const string Validation = Prefix + "validation";
    public const string LeaseHeld = Prefix + "lease-held";
    public const string LeaseLost = Prefix + "lease-lost";
    public const string StaleFencingToken = Prefix + "stale-fencing-token";
    public const string InvalidFencingToken = Prefix + "invalid-fencing-token";
    /// <summary>A write or delete under a shared lease's token: only an exclusive holder writes.</summary>
    public const string SharedLease = Prefix + "shared-lease";
    public const string FencingTokenRequired = Prefix + "fencing-token-required";
    public const string ObjectNotFound = Prefix + "object-not-found";
    public const string NoLeader = Prefix + "no-leader";
    public const string SemaphoreFull = Prefix + "semaphore-full";
    public const string PermitsMismatch = Prefix + "permits-mismatch";
    public const string SemaphoreNotFound = Prefix + "semaphore-not-found";
    public const string VersionMismatch = Prefix + "version-mismatch";
    public const string PayloadTooLarge = Prefix + "payload-too-large";
    public const string OutcomeUnknown = Prefix + "outcome-unknown";
    public const string Unavailable = Prefix + "unavailable";
    public const string SessionNotFound = Prefix + "session-not-found";
    public const string SessionLost = Prefix + "session-lost";
    public const string SessionFull = Prefix + "session-full";
}
