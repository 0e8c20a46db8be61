using Leasehold.Runtime;
using Leasehold.Runtime.Activation;
using Leasehold.Runtime.Messaging;
using Leasehold.Storage;
using Leasehold.Runtime.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Leasehold.Api.Problems;

/// <summary>
/// Maps faults to problem bodies, so no request ends in a bare 500 or a hang: malformed input is a
/// 400, a call without an answer is a 504 with an unknown outcome, an unreachable database is a 503.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, IOptions<ApiOptions> options, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (type, detail) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (ProblemType.PayloadTooLarge, exception.Message),
            InvalidOperationException when HasForeignCharset(httpContext.Request) =>
                (ProblemType.UnsupportedMediaType, $"Send the body as UTF-8 JSON; the charset '{httpContext.Request.ContentType}' names cannot be read."),
            BadHttpRequestException bad => (ProblemType.Validation, Describe(bad)),
            GrainCallTimeoutException or SiloConnectionLostException => (ProblemType.OutcomeUnknown, exception.Message),
            StorageUnavailableException or ActivationUnavailableException or InconsistentStateException or SiloUnavailableException =>
                (ProblemType.Unavailable, $"{exception.Message} Try again."),
            _ => (ProblemType.Internal, options.Value.ShowExceptionDetails ? exception.ToString() : "See the server log for details."),
        };

        if (type == ProblemType.Internal)
        {
            LogUnexpected(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
        }

        if (type == ProblemType.Unavailable)
        {
            httpContext.Response.Headers.RetryAfter = "1";
        }

        httpContext.Response.StatusCode = type.Status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Type = type.Uri, Title = type.Title, Status = type.Status, Detail = detail },
        });
    }

    /// <summary>
    /// What was wrong with a request the framework could not bind, in the API's words: its own messages name internal
    /// types (<c>Leasehold.Api.Contracts.AcquireRequest</c>, <c>System.Int64</c>), which tell a stranger about the code.
    /// </summary>
    internal static string Describe(BadHttpRequestException bad) => bad.InnerException switch
    {
        System.Text.Json.JsonException { Path: { Length: > 0 } path } =>
            $"The body is not the JSON this route takes: the value at {path} is missing, malformed or of the wrong kind (see /openapi/v1.json).",
        System.Text.Json.JsonException => "The body is not the JSON this route takes (see /openapi/v1.json).",
        _ when bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase) => "The body could not be read as this route's JSON (see /openapi/v1.json).",
        _ => "A route or query value could not be read (see /openapi/v1.json).",
    };

    [LoggerMessage(EventId = 3000, Level = LogLevel.Error, Message = "Unexpected error serving {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, string method, string path, Exception exception);

    /// <summary>A body whose declared charset is not UTF-8 (the JSON reader refuses what it cannot decode).</summary>
    private static bool HasForeignCharset(HttpRequest request) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
        && mediaType.Charset.HasValue
        && !mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase);
}
