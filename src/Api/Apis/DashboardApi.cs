using System.Reflection;
using Leasehold.Api.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Leasehold.Api.Apis;

/// <summary>
/// <c>/</c>: the dashboard page for a browser (whose Accept names text/html), the JSON index for everyone else.
/// The page and its script and style are embedded in this assembly, so it works offline.
/// </summary>
public static class DashboardApi
{
    private static readonly Dictionary<string, (string Resource, string ContentType)> Assets = new(StringComparer.Ordinal)
    {
        ["dashboard.js"] = ("Leasehold.Api.Dashboard.dashboard.js", "text/javascript; charset=utf-8"),
        ["dashboard.css"] = ("Leasehold.Api.Dashboard.dashboard.css", "text/css; charset=utf-8"),
    };

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        // The page and its assets carry no data; the routes they read need a key like every /v1 route.
        app.MapGet("/", Index).ExcludeFromDescription().AllowAnonymous();
        app.MapGet("/dashboard/{asset}", Asset).ExcludeFromDescription().AllowAnonymous();
        return app;
    }

    internal static IResult Index(HttpRequest request) =>
        WantsHtml(request)
            ? Embedded("Leasehold.Api.Dashboard.index.html", "text/html; charset=utf-8")
            : TypedResults.Ok(new IndexResponse("Leasehold", "/openapi/v1.json", "/v1/cluster", "/health/ready", $"{LeaseholdApi.OrleansDashboardPath}/"));

    internal static IResult Asset(string asset) =>
        Assets.TryGetValue(asset, out var found) ? Embedded(found.Resource, found.ContentType) : TypedResults.NotFound();

    private static bool WantsHtml(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase) && a.Quality is not 0);

    private static FileStreamHttpResult Embedded(string name, string contentType)
    {
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The dashboard asset {name} is not embedded in the API assembly.");
        return TypedResults.Stream(stream, contentType);
    }
}
