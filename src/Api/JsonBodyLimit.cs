using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Leasehold.Api;

/// <summary>
/// Holds the JSON routes' bodies to <see cref="ApiOptions.MaxJsonBodyBytes"/> (a lease request is a few hundred
/// bytes; Kestrel's own 30 MB limit is meant for uploads). A longer body is a 413 that names the limit, and its connection
/// is closed after the answer.
/// </summary>
internal static class JsonBodyLimit
{
    public static Task ApplyAsync(HttpContext context, RequestDelegate next)
    {
        var accepts = context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>();
        if (accepts?.ContentTypes.Any(t => t.Equals("application/json", StringComparison.OrdinalIgnoreCase)) == true
            && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            var limit = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxJsonBodyBytes;
            size.MaxRequestBodySize = limit;
            if (context.Request.ContentLength > limit)
            {
                // Kestrel cannot drain a body past the limit after an answer that did not read it (a 415, a 401), so it
                // ends the connection once the answer is out. Said in the answer, the client opens a new connection for
                // its next request instead of sending it down one that is closing ("the response ended prematurely").
                // Set as the answer starts: an exception handler clears the headers before it writes its problem.
                context.Response.OnStarting(static state =>
                {
                    ((HttpResponse)state).Headers.Connection = "close";
                    return Task.CompletedTask;
                }, context.Response);
            }
        }

        return next(context);
    }
}
