using System.Diagnostics;

namespace Leasehold.Api;

/// <summary>
/// The one thing ASP.NET Core's OpenTelemetry instrumentation does not do for a request span: the W3C Trace Context
/// level 2 <c>traceresponse</c> header, which tells the caller which trace its request got so it can find the spans.
/// The span itself (its name <c>PUT /v1/objects/{key}</c>, its HTTP attributes) is the instrumentation's; it is the
/// parent of the grain calls the request makes.
/// </summary>
internal static class RequestSpans
{
    public static Task TagAsync(HttpContext context, RequestDelegate next)
    {
        // Only a recorded span is worth naming: without an exporter, with a sampler that dropped it, or for a path the
        // instrumentation filters out, nobody will ever see it.
        if (Activity.Current is { Recorded: true } span)
        {
            context.Response.OnStarting(static state =>
            {
                var (response, span) = ((HttpResponse, Activity))state;
                response.Headers["traceresponse"] = $"00-{span.TraceId.ToHexString()}-{span.SpanId.ToHexString()}-01";
                return Task.CompletedTask;
            }, (context.Response, span));
        }

        return next(context);
    }
}
