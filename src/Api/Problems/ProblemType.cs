namespace Leasehold.Api.Problems;

/// <summary>One kind of error the API answers with: its RFC 9457 type URI, status and title. Clients match on <see cref="Uri"/>.</summary>
public sealed record ProblemType(string Name, int Status, string Title)
{
    /// <summary>The prefix of every Leasehold problem type.</summary>
    public const string UriPrefix = "urn:leasehold:problem:";

    public string Uri => UriPrefix + Name;

    public static readonly ProblemType Validation = new("validation", StatusCodes.Status400BadRequest, "The request is not valid");
    public static readonly ProblemType LeaseHeld = new("lease-held", StatusCodes.Status409Conflict, "The lease is held by someone else");
    public static readonly ProblemType LeaseLost = new("lease-lost", StatusCodes.Status410Gone, "The lease is no longer held");
    public static readonly ProblemType StaleFencingToken = new("stale-fencing-token", StatusCodes.Status409Conflict, "A write with a newer fencing token came first");
    public static readonly ProblemType InvalidFencingToken = new("invalid-fencing-token", StatusCodes.Status403Forbidden, "The fencing token is not valid");
    public static readonly ProblemType SharedLease = new("shared-lease", StatusCodes.Status403Forbidden, "A shared lease's token cannot write");
    public static readonly ProblemType FencingTokenRequired = new("fencing-token-required", StatusCodes.Status428PreconditionRequired, "A Fencing-Token header is required");
    public static readonly ProblemType VersionMismatch = new("version-mismatch", StatusCodes.Status412PreconditionFailed, "The object is not at the version the request names");
    public static readonly ProblemType ObjectNotFound = new("object-not-found", StatusCodes.Status404NotFound, "No such object");
    public static readonly ProblemType PayloadTooLarge = new("payload-too-large", StatusCodes.Status413PayloadTooLarge, "The request body is too large");
    public static readonly ProblemType UnsupportedMediaType = new("unsupported-media-type", StatusCodes.Status415UnsupportedMediaType, "Send the body as application/json");
    public static readonly ProblemType OutcomeUnknown = new("outcome-unknown", StatusCodes.Status504GatewayTimeout, "No answer in time; the outcome is unknown");
    public static readonly ProblemType Unavailable = new("unavailable", StatusCodes.Status503ServiceUnavailable, "The service cannot serve this request now");
    public static readonly ProblemType Unauthorized = new("unauthorized", StatusCodes.Status401Unauthorized, "Credentials are missing or wrong");
    public static readonly ProblemType Forbidden = new("forbidden", StatusCodes.Status403Forbidden, "Not allowed for this principal");
    public static readonly ProblemType RateLimited = new("rate-limited", StatusCodes.Status429TooManyRequests, "Too many requests");
    public static readonly ProblemType TooManyWaiters = new("too-many-waiters", StatusCodes.Status429TooManyRequests, "Too many acquires wait for this lease");
    public static readonly ProblemType SemaphoreFull = new("semaphore-full", StatusCodes.Status409Conflict, "Every permit of the semaphore is held");
    public static readonly ProblemType PermitsMismatch = new("permits-mismatch", StatusCodes.Status409Conflict, "The semaphore has another number of permits");
    public static readonly ProblemType SemaphoreNotFound = new("semaphore-not-found", StatusCodes.Status404NotFound, "No such semaphore");
    public static readonly ProblemType NoLeader = new("no-leader", StatusCodes.Status404NotFound, "Nobody leads the election");
    public static readonly ProblemType SessionNotFound = new("session-not-found", StatusCodes.Status404NotFound, "No such session");
    public static readonly ProblemType SessionLost = new("session-lost", StatusCodes.Status410Gone, "The session has ended");
    public static readonly ProblemType SessionFull = new("session-full", StatusCodes.Status409Conflict, "The session holds as many leases as it may");
    public static readonly ProblemType TooManyWatches = new("too-many-watches", StatusCodes.Status429TooManyRequests, "This node serves as many watches as it may");
    public static readonly ProblemType NotFound = new("not-found", StatusCodes.Status404NotFound, "No such route");
    public static readonly ProblemType MethodNotAllowed = new("method-not-allowed", StatusCodes.Status405MethodNotAllowed, "Method not allowed on this route");
    public static readonly ProblemType Internal = new("internal", StatusCodes.Status500InternalServerError, "An unexpected error occurred");
}
