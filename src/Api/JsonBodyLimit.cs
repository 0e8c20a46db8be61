using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Leasehold.Api;

/// <summary>
/// Holds the JSON routes' bodies to <see cref="ApiOptions.MaxJsonBodyBytes"/> (a lease request is a few hundred
/// bytes; Kestrel's own 30 MB limit is meant for uploads). A longer body is a 413 that names the limit.
/// </summary>
internal static class JsonBodyLimit
{
    public static Task ApplyAsync(HttpContext context, RequestDelegate next)
    {
        var accepts = context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>();
        if (accepts?.ContentTypes.Any(t => t.Equals("application/json", StringComparison.OrdinalIgnoreCase)) == true
            && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxJsonBodyBytes;
        }

        return next(context);
    }
}
