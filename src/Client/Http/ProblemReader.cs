using System.Net.Http.Json;
using System.Text.Json;
using Leasehold.Client.Wire;

namespace Leasehold.Client.Http;

/// <summary>Turns an error response into the typed exception of its problem <c>type</c>.</summary>
internal static class ProblemReader
{
    public static async Task<LeaseholdException> ReadAsync(HttpResponseMessage response, string description, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var body = await TryReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        var detail = body?.Detail ?? body?.Title;
        var message = $"{description}: {detail ?? $"{status} {response.ReasonPhrase}"}";
        var retryAfter = response.Headers.RetryAfter?.Delta
            ?? (body?.RetryAfterMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null);
        return body?.Type switch
        {
            ProblemTypes.LeaseHeld => new LeaseHeldException(message, detail, body.Holder, body.Fence, retryAfter),
            ProblemTypes.SemaphoreFull => new SemaphoreFullException(message, detail, body.Permits, body.Holders, retryAfter),
            ProblemTypes.LeaseLost => new LeaseLostException(message, status, detail),
            ProblemTypes.SessionLost => new SessionLostException(message, status, detail),
            ProblemTypes.StaleFencingToken => new StaleFenceException(message, detail, body.Fence, body.HighestFence),
            ProblemTypes.NoLeader => new NoLeaderException(message, detail, body.Fence, body.Index),
            ProblemTypes.VersionMismatch => new VersionMismatchException(message, detail, body.CurrentVersion ?? 0, body.Deleted ?? false),
            ProblemTypes.OutcomeUnknown => new OutcomeUnknownException(message, status, detail),
            // A proxy between us and the service that timed out knows no more than the service would.
            _ when status == 504 => new OutcomeUnknownException(message, status, detail),
            _ => new LeaseholdException(message, status, body?.Type, detail),
        };
    }

    /// <summary>The server's Retry-After, if any (seconds or a date; only the relative form is used).</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter?.Delta;

    private static async Task<ProblemBody?> TryReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not ("application/problem+json" or "application/json"))
        {
            return null;
        }

        try
        {
            return await response.Content.ReadFromJsonAsync(ClientJsonContext.Default.ProblemBody, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            // A body that is not a problem still has a status; the caller gets that.
            return null;
        }
    }
}
