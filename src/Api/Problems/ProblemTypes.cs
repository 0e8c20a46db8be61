namespace Leasehold.Api.Problems;

/// <summary>Gives framework-made problems (unknown route, wrong method, unreadable body) a Leasehold problem type too.</summary>
internal static class ProblemTypes
{
    public static void ApplyDefaults(ProblemDetailsContext context)
    {
        var details = context.ProblemDetails;
        if (details.Type?.StartsWith(ProblemType.UriPrefix, StringComparison.Ordinal) == true)
        {
            return;
        }

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
        if (type is null)
        {
            return;
        }

        details.Type = type.Uri;
        details.Title ??= type.Title;
    }
}
