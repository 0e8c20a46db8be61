namespace Leasehold.Client.Http;

/// <summary>One logical request: how to build each attempt, how to read success, and how far it may be retried.</summary>
/// <param name="Description">What is being done, for error messages ("acquire 'report'").</param>
/// <param name="CreateRequest">Builds a fresh request per attempt (a request message can be sent once).</param>
/// <param name="Read">Reads a success response; gets the local timestamp taken just before that attempt was sent.</param>
/// <param name="Retryability">Whether an attempt with an unknown outcome may be repeated.</param>
/// <param name="AttemptTimeout">How long one attempt waits for its whole answer.</param>
/// <param name="Retry">The retry policy.</param>
internal sealed record Call<T>(
    string Description,
    Func<HttpRequestMessage> CreateRequest,
    Func<HttpResponseMessage, long, CancellationToken, Task<T>> Read,
    Retryability Retryability,
    TimeSpan AttemptTimeout,
    RetryPolicy Retry)
{
    /// <summary>Called when an attempt ended with its outcome unknown (before any retry).</summary>
    public Action? OnOutcomeUnknown { get; init; }
}
