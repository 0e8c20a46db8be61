using Leasehold.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Storage;

namespace Leasehold.Api.Problems;

/// <summary>
/// Maps faults to problem bodies, so no request ends in a bare 500 or a hang: malformed input is a
/// 400, a grain call without an answer (Orleans' response timeout, or its silo lost while it was in flight) is a 504 with
/// an unknown outcome, a call refused before it ran (no gateway, a rejected message, an unreachable database, a lost
/// compare-and-swap on grain state) is a 503 to retry.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, IOptions<ApiOptions> options, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (type, detail) = exception switch
        {
            InvalidOperationException when HasForeignCharset(httpContext.Request) =>
                (ProblemType.UnsupportedMediaType, $"Send the body as UTF-8 JSON; the charset '{httpContext.Request.ContentType}' names cannot be read."),
            BadHttpRequestException bad => BadRequestDetail.Describe(bad, httpContext),
            TimeoutException or SiloUnavailableException =>
                (ProblemType.OutcomeUnknown, $"{exception.Message} The call may or may not have taken effect; read before you retry a write."),
            StorageUnavailableException or InconsistentStateException or OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException =>
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

    [LoggerMessage(EventId = 3000, Level = LogLevel.Error, Message = "Unexpected error serving {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, string method, string path, Exception exception);

    /// <summary>A body whose declared charset is not UTF-8 (the JSON reader refuses what it cannot decode).</summary>
    private static bool HasForeignCharset(HttpRequest request) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
        && mediaType.Charset.HasValue
        && !mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase);
}
