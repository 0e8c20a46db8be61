namespace Leasehold.Api.Problems;

/// <summary>
/// Gives framework-made problems (unknown route, wrong method, unreadable body) a Leasehold problem type and a detail
/// that says what to send instead: the status code pages write them with neither.
/// </summary>
internal static class ProblemTypes
{
    public static void ApplyDefaults(ProblemDetailsContext context)
    {
        var details = context.ProblemDetails;
        if (details.Type?.StartsWith(ProblemType.UriPrefix, StringComparison.Ordinal) != true)
        {
            var type = details.Status switch
            {
                StatusCodes.Status400BadRequest => ProblemType.Validation,
                StatusCodes.Status401Unauthorized => ProblemType.Unauthorized,
                StatusCodes.Status403Forbidden => ProblemType.Forbidden,
                StatusCodes.Status429TooManyRequests => ProblemType.RateLimited,
                StatusCodes.Status404NotFound => ProblemType.NotFound,
                StatusCodes.Status405MethodNotAllowed => ProblemType.MethodNotAllowed,
                StatusCodes.Status413PayloadTooLarge => ProblemType.PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType => ProblemType.UnsupportedMediaType,
                StatusCodes.Status503ServiceUnavailable => ProblemType.Unavailable,
                StatusCodes.Status500InternalServerError => ProblemType.Internal,
                _ => null,
            };
            if (type is not null)
            {
                // Ours, not the framework's "Method Not Allowed": a client shows the same title for the same type.
                details.Type = type.Uri;
                details.Title = type.Title;
            }
        }

        if (string.IsNullOrWhiteSpace(details.Detail))
        {
            details.Detail = DetailFor(details.Status, context.HttpContext);
        }
    }

    /// <summary>What a status that came without words means for this request, and what to do instead.</summary>
    internal static string DetailFor(int? status, HttpContext context)
    {
        var request = context.Request;
        var target = $"{request.Method} {Shorten(request.Path.Value ?? "/")}";
        return status switch
        {
            StatusCodes.Status404NotFound =>
                $"No route answers {target}. The routes are listed in /openapi/v1.json (for example POST /v1/leases/{{resource}}/acquire); check the path's spelling.",
            StatusCodes.Status405MethodNotAllowed => context.Response.Headers.Allow is { Count: > 0 } allow
                ? $"{request.Method} is not allowed on {Shorten(request.Path.Value ?? "/")}; send {string.Join(" or ", allow.ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))} (see the Allow header)."
                : $"{request.Method} is not allowed on {Shorten(request.Path.Value ?? "/")}; /openapi/v1.json lists the methods each route takes.",
            StatusCodes.Status413PayloadTooLarge => BadRequestDetail.TooLarge(context),
            StatusCodes.Status415UnsupportedMediaType => BadRequestDetail.UnsupportedMediaType(request),
            StatusCodes.Status400BadRequest => $"{target} could not be read; /openapi/v1.json gives the body and values this route takes.",
            StatusCodes.Status401Unauthorized => "Send an API key as Authorization: Bearer <key> (see docs/security.md).",
            StatusCodes.Status403Forbidden => "This key's roles do not allow this route (see docs/security.md).",
            StatusCodes.Status429TooManyRequests => "Too many requests from this caller; wait for the time in Retry-After, then try again.",
            >= 400 and < 500 => $"{target} was refused; /openapi/v1.json gives what this route takes.",
            _ => "See the server log for details.",
        };
    }

    private static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "…";
}
