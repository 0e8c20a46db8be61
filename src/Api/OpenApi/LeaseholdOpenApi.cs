using Scalar.AspNetCore;

namespace Leasehold.Api.OpenApi;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and the API reference page at <see cref="ReferencePath"/>, both anonymous.</summary>
internal static class LeaseholdOpenApi
{
    /// <summary>Where the reference page (Scalar, its assets served from the package) lives.</summary>
    public const string ReferencePath = "/reference";

    public static IServiceCollection AddLeaseholdOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o => o
            .AddDocumentTransformer<LeaseholdDocumentTransformer>()
            .AddOperationTransformer<LeaseholdOperationTransformer>());

    public static IEndpointRouteBuilder MapLeaseholdOpenApi(this IEndpointRouteBuilder app)
    {
        // The document and the page carry no data; the routes they describe need a key as always.
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference(ReferencePath, o =>
        {
            // Nothing leaves the machine: no web fonts, no telemetry, no AI agent, no toolbar of links to Scalar's services.
            o.DefaultFonts = false;
            o.Telemetry = false;
            o.ShowDeveloperTools = DeveloperToolsVisibility.Never;
            o.DisableAgent();
            o.WithTitle("Leasehold API reference");
            // Every operation listed at once: a reader scans the whole API, and Ctrl+F finds an operation id.
            o.DefaultOpenAllTags = true;
        }).AllowAnonymous();
        return app;
    }
}
