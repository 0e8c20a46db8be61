using System.Net;
using System.Text.Json;

namespace Leasehold.Client.Http;

/// <summary>
/// Sends one logical request: an attempt timeout on the injected clock, typed errors, and retries with
/// jittered backoff only where repeating is safe. An attempt whose outcome is unknown (sent, but no answer)
/// is repeated only for idempotent requests; one that was never sent (no connection) is always safe to repeat.
/// </summary>
internal sealed class Transport(HttpClient http, TimeProvider time, string? apiKey = null)
{
    public Uri? Endpoint => http.BaseAddress;

    public async Task<T> SendAsync<T>(Call<T> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var outcome = await AttemptAsync(call, cancellationToken).ConfigureAwait(false);
            if (outcome.Failure is null)
            {
                return outcome.Value!;
            }

            if (outcome.Failure is OutcomeUnknownException)
            {
                call.OnOutcomeUnknown?.Invoke();
            }

            if (!outcome.Retryable || attempt >= call.Retry.MaxAttempts)
            {
                throw outcome.Failure;
            }

            await Task.Delay(call.Retry.DelayBefore(attempt + 1, outcome.RetryAfter), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Attempt<T>> AttemptAsync<T>(Call<T> call, CancellationToken cancellationToken)
    {
        var idempotent = call.Retryability == Retryability.Idempotent;
        using var request = call.CreateRequest();
        if (apiKey is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        }
        using var timeout = new CancellationTokenSource(call.AttemptTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);

        // Taken before sending, so that a lease timed from it ends no later than the server's does.
        var sentAt = time.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return Attempt<T>.Success(await call.Read(response, sentAt, linked.Token).ConfigureAwait(false));
            }

            var failure = await ProblemReader.ReadAsync(response, call.Description, linked.Token).ConfigureAwait(false);
            var retryable = failure is OutcomeUnknownException || failure.Status == (int)HttpStatusCode.ServiceUnavailable
                ? idempotent
                : false;
            return Attempt<T>.Failed(failure, retryable, ProblemReader.RetryAfter(response));
        }
        catch (HttpRequestException e) when (NeverSent(e))
        {
            return Attempt<T>.Failed(new ServiceUnreachableException($"{call.Description}: cannot reach {Endpoint}: {e.Message}", e), retryable: true);
        }
        catch (HttpRequestException e)
        {
            return Attempt<T>.Failed(
                new OutcomeUnknownException($"{call.Description}: the connection failed after the request was sent ({e.Message}); it may or may not have taken effect.", null, null, e),
                idempotent);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return Attempt<T>.Failed(
                new OutcomeUnknownException($"{call.Description}: no answer within {call.AttemptTimeout.TotalSeconds:0.###} s; it may or may not have taken effect.", null, null, e),
                idempotent);
        }
        catch (JsonException e)
        {
            return Attempt<T>.Failed(new LeaseholdException($"{call.Description}: the response could not be read: {e.Message}", e), retryable: false);
        }
    }

    /// <summary>True when the failure happened before any byte of the request left (no connection, no name).</summary>
    private static bool NeverSent(HttpRequestException e) => e.HttpRequestError is
        HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;

    private readonly record struct Attempt<T>(T? Value, LeaseholdException? Failure, bool Retryable, TimeSpan? RetryAfter)
    {
        public static Attempt<T> Success(T value) => new(value, null, false, null);

        public static Attempt<T> Failed(LeaseholdException failure, bool retryable, TimeSpan? retryAfter = null) => new(default, failure, retryable, retryAfter);
    }
}
