using Leasehold.Client;

namespace Leasehold.Cli;

/// <summary>The exit codes of <c>leasehold</c>; scripts may rely on them (README, docs/client.md).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Any other failure: an unexpected server error, an unreadable answer.</summary>
    public const int Failure = 1;

    /// <summary>The command line or the request is not valid (usage error, 400, 413, 415), or `semaphore --permits` names another number than the semaphore has (409 permits-mismatch).</summary>
    public const int BadInput = 2;

    /// <summary>The lease is held by someone else (409 lease-held), every permit of a semaphore is held (409 semaphore-full), or `elect` was not elected within its --wait.</summary>
    public const int LeaseHeld = 3;

    /// <summary>The lease or session is gone (410 lease-lost, session-lost), or `lock` (`elect`) stopped its command because the lease (leadership) was lost.</summary>
    public const int LeaseLost = 4;

    /// <summary>A newer fence wrote first; the write was refused (409 stale-fencing-token).</summary>
    public const int StaleFence = 5;

    /// <summary>Sent, but no answer: the request may or may not have taken effect (504, or the connection broke).</summary>
    public const int OutcomeUnknown = 6;

    /// <summary>No connection to the endpoint: nothing was sent.</summary>
    public const int Unreachable = 7;

    /// <summary>No such object, session or semaphore (404 object-not-found, session-not-found, semaphore-not-found), or nobody leads the election (404 no-leader).</summary>
    public const int NotFound = 8;

    /// <summary>The fencing token is missing or refused (428 fencing-token-required, 403 invalid-fencing-token).</summary>
    public const int TokenRefused = 9;

    /// <summary>The service cannot serve now (503 unavailable); try again later.</summary>
    public const int Unavailable = 10;

    /// <summary>The object is not at the version --if-version named, or exists under --if-absent (412 version-mismatch).</summary>
    public const int VersionMismatch = 11;

    /// <summary>`lock` or `elect` could not start the command (not found, not executable), as a shell says.</summary>
    public const int CommandNotStarted = 127;

    /// <summary>Interrupted (Ctrl+C or SIGTERM): 128 + SIGINT, as a shell says.</summary>
    public const int Interrupted = 130;

    /// <summary>The exit code for a failure.</summary>
    public static int Of(Exception exception) => exception switch
    {
        CliInputException => BadInput,
        LeaseHeldException => LeaseHeld,
        LeaseLostException or SessionLostException => LeaseLost,
        StaleFenceException => StaleFence,
        VersionMismatchException => VersionMismatch,
        OutcomeUnknownException => OutcomeUnknown,
        ServiceUnreachableException => Unreachable,
        LeaseholdException { Type: ProblemTypes.ObjectNotFound or ProblemTypes.NoLeader or ProblemTypes.SessionNotFound or ProblemTypes.SemaphoreNotFound } => NotFound,
        LeaseholdException { Type: ProblemTypes.InvalidFencingToken or ProblemTypes.FencingTokenRequired } => TokenRefused,
        LeaseholdException { Status: 400 or 413 or 415 } or LeaseholdException { Type: ProblemTypes.PermitsMismatch } => BadInput,
        LeaseholdException { Status: 503 } => Unavailable,
        ArgumentException => BadInput,
        _ => Failure,
    };
}
