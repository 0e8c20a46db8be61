using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;

namespace Leasehold.Client.Http;

/// <summary>
/// Follows one watch route for as long as the caller reads: reconnects after a broken or silent connection with
/// <c>Last-Event-ID</c>, so nothing still retained is missed (and the server says <c>reset</c> when something was).
/// A refusal that retrying cannot mend (a bad name, a missing role) ends the watch with its typed exception.
/// </summary>
internal sealed class Watch(HttpClient http, TimeProvider time, string? apiKey, RetryPolicy retry, TimeSpan idleTimeout)
{
    public async IAsyncEnumerable<(long Id, string Kind, string Data)> FollowAsync(
        string path, long? after, string description, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var last = after;
        for (var failures = 0; ; failures++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TimeSpan? retryAfter = null;
            var response = await ConnectAsync(path, last, cancellationToken).ConfigureAwait(false);
            if (response is not null && !response.IsSuccessStatusCode)
            {
                using (response)
                {
                    var failure = await ProblemReader.ReadAsync(response, description, cancellationToken).ConfigureAwait(false);
                    if (response.StatusCode is not (HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError))
                    {
                        throw failure;
                    }

                    retryAfter = ProblemReader.RetryAfter(response);
                }
            }
            else if (response is not null)
            {
                using (response)
                using (var reader = new EventStreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), time, idleTimeout))
                {
                    while (true)
                    {
                        (long Id, string Kind, string Data)? next;
                        try
                        {
                            next = await reader.NextAsync(cancellationToken).ConfigureAwait(false);
                        }
                        catch (Exception e) when (e is IOException or HttpRequestException or TimeoutException && !cancellationToken.IsCancellationRequested)
                        {
                            next = null;
                        }

                        if (next is not { } received)
                        {
                            break;
                        }

                        failures = 0;
                        last = received.Id;
                        yield return received;
                    }
                }
            }

            // Broken, ended or refused for now: back off (longer with each failure in a row), then resume after the last id.
            await Task.Delay(retry.DelayBefore(Math.Min(failures + 2, 10), retryAfter), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<HttpResponseMessage?> ConnectAsync(string path, long? last, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        if (last is { } id)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", id.ToString(CultureInfo.InvariantCulture));
        }

        using var timeout = new CancellationTokenSource(idleTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        finally
        {
            request.Dispose();
        }
    }
}
