using Leasehold.Api.Apis;
using Leasehold.Api.Problems;
using Leasehold.Hosting;
using Microsoft.AspNetCore.Http.Json;

namespace Leasehold.Api;

/// <summary>Builds the API host: a silo plus the HTTP surface. Program.cs and the tests share it.</summary>
public static class LeaseholdApi
{
    /// <summary>Builds (does not start) the application for the given command-line arguments.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddLeaseholdSilo();
        builder.Services.AddOptions<ApiOptions>().Bind(builder.Configuration.GetSection(ApiOptions.Section));
        builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemTypes.ApplyDefaults);
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Leasehold";
            document.Info.Description = "Leases with fencing tokens, and a store that rejects writes with stale tokens.";
            return Task.CompletedTask;
        }));
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        app.MapIndex();
        app.MapHealthApi();
        app.MapLeasesApi();
        app.MapObjectsApi();
        app.MapClusterApi();
        return app;
    }
}
