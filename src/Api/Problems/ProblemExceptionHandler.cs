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
/// an unknown outcome, a call refused before it ran (no gateway, a rejected message, an activation refused on a silo voted dead, an unreachable database, a lost
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
            TimeoutException =>
                (ProblemType.OutcomeUnknown, $"No answer within the grain call timeout ({CallTimeoutKey}); the outcome is unknown: the call may have taken effect. Read before you retry a write."),
            SiloUnavailableException =>
                (ProblemType.OutcomeUnknown, $"The silo running the call was lost before it answered; the outcome is unknown: the call may have taken effect. Read before you retry a write. ({FirstLine(exception)})"),
            ConnectionFailedException =>
                (ProblemType.Unavailable, $"No connection to the silo that runs the call (it may have just failed, and the cluster not yet noticed); the call was not sent. Try again. ({FirstLine(exception)})"),
            GatewayTooBusyException =>
                (ProblemType.Unavailable, "The cluster's gateway is too busy to take the call; it was not sent. Try again."),
            OrleansMessageRejectionException =>
                (ProblemType.Unavailable, $"The cluster refused the call before it ran ({FirstLine(exception)}). Try again."),
            OrleansException when IsRefusedActivation(exception) =>
                (ProblemType.Unavailable, $"The silo picked to run the call has been declared dead by the cluster, so the call was not run there ({FirstLine(exception)}). Try again."),
            StorageUnavailableException or InconsistentStateException =>
                (ProblemType.Unavailable, $"{FirstLine(exception)} Try again."),
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

    private const string CallTimeoutKey = "Cluster:Messaging:CallTimeout";

    /// <summary>
    /// An exception's message as far as it speaks to the caller: its first line, without the inner exceptions and stack
    /// traces Orleans folds into some messages (those are in the server log).
    /// </summary>
    internal static string FirstLine(Exception exception)
    {
        var message = exception.Message;
        var end = message.AsSpan().IndexOfAny('\r', '\n');
        var line = (end < 0 ? message : message[..end]).Trim();
        var inner = line.IndexOf(" ---> ", StringComparison.Ordinal);
        line = inner < 0 ? line : line[..inner].TrimEnd();
        return line.Length <= 300 ? line : string.Concat(line.AsSpan(0, 299), "…");
    }

    /// <summary>
    /// Orleans' grain directory refusing to register an activation on a silo the membership view no longer counts
    /// (it was voted dead while it still ran): the activation never started, so the call never ran. Orleans gives the
    /// refusal no type of its own, only this message (LocalGrainDirectoryPartition).
    /// </summary>
    private static bool IsRefusedActivation(Exception exception) =>
        exception.Message.StartsWith("Trying to register ", StringComparison.Ordinal)
        && exception.Message.Contains(" on invalid silo", StringComparison.Ordinal);

    [LoggerMessage(EventId = 3000, Level = LogLevel.Error, Message = "Unexpected error serving {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, string method, string path, Exception exception);

    /// <summary>A body whose declared charset is not UTF-8 (the JSON reader refuses what it cannot decode).</summary>
    private static bool HasForeignCharset(HttpRequest request) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
        && mediaType.Charset.HasValue
        && !mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase);
}
