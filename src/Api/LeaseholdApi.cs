using System.Text.Json.Serialization;
using Leasehold.Api.Apis;
using Leasehold.Api.Cluster;
using Leasehold.Api.OpenApi;
using Leasehold.Api.Problems;
using Leasehold.Api.Security;
using Leasehold.Api.Watches;
using Leasehold.Hosting;
using Leasehold.Faults;
using Leasehold.Telemetry;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Dashboard;

namespace Leasehold.Api;

/// <summary>Builds the API host: an Orleans silo (or, with <c>Api:Role=Client</c>, a cluster client) plus the HTTP surface. Program.cs and the tests share it.</summary>
public static class LeaseholdApi
{
    /// <summary>Builds (does not start) the application for the given command-line arguments.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.QuietHostStartFailures();
        var role = builder.Configuration.GetValue($"{ApiOptions.Section}:{nameof(ApiOptions.Role)}", ApiRole.Silo);
        // Orleans' dashboard on every silo (and, in a client, its view of theirs), mounted below at /orleans.
        _ = role == ApiRole.Client
            ? builder.AddLeaseholdClient(client => client.AddDashboard(HideLogStream))
            : builder.AddLeaseholdSilo(configure: silo => silo.AddDashboard(HideLogStream));
        builder.Services.AddSingleton<LocalNode>();
        builder.Services.AddSingleton<ObjectShardGrains>();
        builder.Services.AddSingleton<LeaseGrains>();
        builder.Services.AddSingleton<ClusterLeases>();
        builder.AddLeaseholdSecurity();
        builder.Services.AddLeaseholdWatches(builder.Configuration);
        builder.Services.AddOptions<ApiOptions>().Bind(builder.Configuration.GetSection(ApiOptions.Section))
            .Validate(o => o.MaxJsonBodyBytes > 0, "Api:MaxJsonBodyBytes must be a positive number of bytes.")
            .Validate(o => o.SiloAnswerTimeout > TimeSpan.Zero && o.SiloAnswerTimeout <= TimeSpan.FromMinutes(1), "Api:SiloAnswerTimeout must be a duration from 00:00:00.001 to 00:01:00.")
            .ValidateOnStart();
        builder.Services.AddOptions<FaultsOptions>().Bind(builder.Configuration.GetSection(FaultsOptions.Section))
            .Validate(FaultsApi.IsValid, FaultsApi.AdminKeyRequired)
            .ValidateOnStart();
        builder.Services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
            // The web defaults read "1000" as a number; a string where a number belongs is a client's mistake to
            // report, not to guess at. An unknown member is usually a typo ("ttl" for "ttlMs"), so it is refused too.
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemTypes.ApplyDefaults);
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddLeaseholdOpenApi();
        configure?.Invoke(builder);
        builder.Services.TryAddSingleton(SiloTermination.Process);

        var app = builder.Build();
        app.Use(RequestSpans.TagAsync);
        app.Use(JsonNewline.AppendAsync);
        app.UseExceptionHandler();
        app.Use(JsonBodyLimit.ApplyAsync);

        // A paused silo's HTTP requests freeze with the rest of it, except the fault routes that end the pause. A killed
        // one's process is normally gone; where it lingers (a host that runs several silos), it refuses at once.
        if (app.Services.GetService<FaultController>() is { } faults)
        {
            app.Use((context, next) => !faults.IsPaused || context.Request.Path.StartsWithSegments("/v1/faults", StringComparison.OrdinalIgnoreCase)
                ? next(context)
                : faults.IsKilled ? RefuseKilledAsync(context) : WaitThenAsync(faults.PauseGate, context, next));
        }

        app.UseStatusCodePages();
        app.UseLeaseholdSecurity();
        app.MapLeaseholdOpenApi();
        app.MapDashboard();
        app.MapOrleansDashboard(OrleansDashboardPath).RequireAuthorization(Policies.OrleansDashboard).ExcludeFromDescription();
        app.MapHealthApi();
        app.MapLeasesApi();
        app.MapElectionsApi();
        app.MapSemaphoresApi();
        app.MapSessionsApi();
        app.MapObservabilityApi();
        // Prometheus scrapes with a read key (with auth off, every caller may read).
        app.MapLeaseholdTelemetry()?.RequireAuthorization(Policies.Read);
        app.MapObjectsApi();
        app.MapWatchesApi();
        app.MapClusterApi();
        // Faults are injected into a silo; a cluster client has none to inject into.
        if (role == ApiRole.Silo && app.Configuration.GetValue<bool>($"{FaultsOptions.Section}:{nameof(FaultsOptions.Enabled)}"))
        {
            app.MapFaultsApi();
        }

        return app;
    }

    /// <summary>Where Orleans' dashboard is served; our own page at <c>/</c> links to it.</summary>
    public const string OrleansDashboardPath = "/orleans";

    /// <summary>No live log stream on the dashboard: logs name holders and keys, and streaming them costs every log call.</summary>
    private static void HideLogStream(DashboardOptions options) => options.HideTrace = true;

    private static Task RefuseKilledAsync(HttpContext context) =>
        Problem.Of(ProblemType.Unavailable, "This silo was killed by fault injection (/v1/faults/kill); it serves nothing more. Ask another node.")
            .ExecuteAsync(context);

    private static async Task WaitThenAsync(SiloPause pause, HttpContext context, RequestDelegate next)
    {
        await pause.WhenRunningAsync().WaitAsync(context.RequestAborted);
        await next(context);
    }
}
