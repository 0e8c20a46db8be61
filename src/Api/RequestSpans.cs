using System.Diagnostics;

namespace Leasehold.Api;

/// <summary>
/// Names ASP.NET Core's request span after its route and adds the HTTP attributes OpenTelemetry's semantic conventions ask
/// for (the instrumentation package that would do it cannot be restored here). The span is the parent of the grain calls
/// a request makes, so a trace reads "PUT /v1/objects/{key}" → <c>IObjectShardGrain.PutAsync</c> → <c>leasehold.object.write</c>.
/// </summary>
internal static class RequestSpans
{
    private const string HostingActivity = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    public static Task TagAsync(HttpContext context, RequestDelegate next)
    {
        // Without an exporter the request span exists only for log scopes (ASP.NET Core makes it whenever logging is
        // on): nobody collects it, so neither naming it nor the header is worth their cost on every request.
        return Activity.Current is { Recorded: true } current ? TagRecordedAsync(context, next, current) : next(context);
    }

    private static async Task TagRecordedAsync(HttpContext context, RequestDelegate next, Activity current)
    {
        // W3C Trace Context level 2: tell the caller which trace its request got, so it can find the spans.
        context.Response.OnStarting(static state =>
        {
            var (response, span) = ((HttpResponse, Activity))state;
            response.Headers["traceresponse"] = $"00-{span.TraceId.ToHexString()}-{span.SpanId.ToHexString()}-01";
            return Task.CompletedTask;
        }, (context.Response, current));
        try
        {
            await next(context);
        }
        finally
        {
            var span = Activity.Current;
            while (span is not null && span.OperationName != HostingActivity)
            {
                span = span.Parent;
            }

            if (span is { IsAllDataRequested: true, Recorded: true })
            {
                var request = context.Request;
                var raw = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
                var route = raw is { Length: > 1 } ? raw.TrimEnd('/') : raw;
                var status = context.Response.StatusCode;
                span.DisplayName = route is null ? request.Method : $"{request.Method} {route}";
                span.SetTag("http.request.method", request.Method);
                span.SetTag("url.path", request.Path.Value);
                span.SetTag("http.route", route);
                span.SetTag("http.response.status_code", status);
                if (status >= 500)
                {
                    span.SetStatus(ActivityStatusCode.Error);
                }
            }
        }
    }
}
