using Microsoft.Net.Http.Headers;

namespace Leasehold.Api;

/// <summary>
/// Ends every JSON answer (results and problem details alike) with a newline, so a terminal shows the next prompt, or
/// the next <c>curl</c>'s output, on a line of its own. One place for all of them: the serializer has no such option.
/// A length the writer announced grows by the byte; HEAD, 204 and 304 answers carry no body and get none.
/// </summary>
internal static class JsonNewline
{
    private static readonly byte[] Newline = "\n"u8.ToArray();

    public static async Task AppendAsync(HttpContext context, RequestDelegate next)
    {
        var response = context.Response;
        var inside = true;
        response.OnStarting(() =>
        {
            // Headers go out at the first write, while the endpoint is still running: only then does the newline
            // follow a body. Headers that go out at the end (nothing written) announce no body to extend.
            if (inside && IsJsonBody(context) && response.ContentLength is { } length)
            {
                response.ContentLength = length + 1;
            }

            return Task.CompletedTask;
        });

        await next(context);
        inside = false;
        if (response.HasStarted && IsJsonBody(context))
        {
            await response.Body.WriteAsync(Newline, context.RequestAborted);
        }
    }

    /// <summary>Whether the answer is a JSON document with a body: application/json or any +json type, not a stream of events.</summary>
    internal static bool IsJsonBody(HttpContext context)
    {
        var response = context.Response;
        if (HttpMethods.IsHead(context.Request.Method) || response.StatusCode is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified)
        {
            return false;
        }

        return MediaTypeHeaderValue.TryParse(response.ContentType, out var type)
               && (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                   || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
    }
}
