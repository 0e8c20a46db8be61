using System.Diagnostics.Metrics;
using System.Reflection;
using Leasehold.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Leasehold.Telemetry;

/// <summary>Adds Leasehold's telemetry to a host: the one place exporters are wired.</summary>
public static class TelemetryHostBuilderExtensions
{
    /// <summary>
    /// Adds the OpenTelemetry SDK through its hosting package: one resource, and traces, metrics and logs from Leasehold,
    /// Orleans, ASP.NET Core, HttpClient, Npgsql and the .NET runtime. Exporters: OTLP for each signal whose endpoint a
    /// standard variable names (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or <c>OTEL_EXPORTER_OTLP_{TRACES,METRICS,LOGS}_ENDPOINT</c>),
    /// the SDK's console exporter with <c>Telemetry:Console:Enabled</c>, Prometheus with
    /// <c>Telemetry:Prometheus:Enabled</c>. The SDK itself reads every other <c>OTEL_</c> variable from the host's
    /// configuration (environment variables included), so nothing here overrides one the user set.
    /// A signal with no exporter is not added at all: nothing listens, and Leasehold's spans cost one branch.
    /// </summary>
    public static IHostApplicationBuilder AddLeaseholdTelemetry(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var options = TelemetryOptions.Read(configuration);
        builder.Services.AddSingleton(options);
        builder.Services.TryAddSingleton(sp => new TrafficRates(
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<LeaseholdInstruments>(), sp.GetService<IMeterFactory>()));
        builder.Services.AddHostedService<TrafficRatesStart>();

        // The trace id on every console entry: the logger adds the current span's ids as a scope; the console shows scopes.
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        // Naming the formatter matters: without a name the console logger copies its own (obsolete) IncludeScopes=false over it.
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.FormatterName ??= ConsoleFormatterNames.Simple);
        builder.Services.Configure<SimpleConsoleFormatterOptions>(o => o.IncludeScopes = true);

        var console = options.Console.Enabled;
        var (otlpTraces, otlpMetrics, otlpLogs) = (OtlpOn(configuration, "TRACES"), OtlpOn(configuration, "METRICS"), OtlpOn(configuration, "LOGS"));
        var prometheus = options.Prometheus.Enabled;
        if (!(console || otlpTraces || otlpMetrics || otlpLogs || prometheus))
        {
            return builder;
        }

        var version = typeof(TelemetryHostBuilderExtensions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var telemetry = builder.Services.AddOpenTelemetry()
            // Our default service name first, then the standard variables again so that what the user set wins.
            .ConfigureResource(r => r
                .AddService(TelemetrySources.DefaultServiceName, serviceVersion: version, autoGenerateServiceInstanceId: true)
                .AddEnvironmentVariableDetector());

        if (console || otlpTraces)
        {
            telemetry.WithTracing(tracing =>
            {
                tracing.AddSource(TelemetrySources.Traces)
                    .AddAspNetCoreInstrumentation(o => o.Filter = IsTraced)
                    .AddHttpClientInstrumentation()
                    .AddNpgsql();
                if (console)
                {
                    tracing.AddConsoleExporter();
                }

                if (otlpTraces)
                {
                    tracing.AddOtlpExporter();
                }
            });
        }

        if ((console && options.Console.Metrics) || otlpMetrics || prometheus)
        {
            telemetry.WithMetrics(metrics =>
            {
                metrics.AddMeter(TelemetrySources.Meters)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation();
                if (console && options.Console.Metrics)
                {
                    metrics.AddConsoleExporter();
                }

                if (otlpMetrics)
                {
                    metrics.AddOtlpExporter();
                }

                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        }

        if (otlpLogs)
        {
            // The SDK's logger provider puts the current span's trace and span ids on every record.
            telemetry.WithLogging(logging => logging.AddOtlpExporter(), o => o.IncludeFormattedMessage = true);
        }

        return builder;
    }

    /// <summary>
    /// Whether this configuration exports traces (the console exporter, or OTLP for traces): only then does anyone listen
    /// to the spans of Leasehold and Orleans, and only then are grain calls worth the trace-context filters of Orleans'
    /// <c>AddActivityPropagation</c> (without a listener they start no span, yet an outgoing filter takes every call off
    /// Orleans' direct send path).
    /// </summary>
    public static bool ExportsTraces(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return TelemetryOptions.Read(configuration).Console.Enabled || OtlpOn(configuration, "TRACES");
    }

    /// <summary>OTLP is on for a signal when the base endpoint or the signal's own is set; the SDK reads both.</summary>
    private static bool OtlpOn(IConfiguration configuration, string signal) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]) ||
        !string.IsNullOrWhiteSpace(configuration[$"OTEL_EXPORTER_OTLP_{signal}_ENDPOINT"]);

    /// <summary>Health probes, the dashboard's page and assets, the OpenAPI document and scrapes make no request spans.</summary>
    private static bool IsTraced(HttpContext context)
    {
        var path = context.Request.Path;
        return !(path.StartsWithSegments("/health", StringComparison.Ordinal)
                 || path.StartsWithSegments("/dashboard", StringComparison.Ordinal)
                 || path.StartsWithSegments("/openapi", StringComparison.Ordinal)
                 || path.StartsWithSegments(PrometheusTelemetryOptions.Path, StringComparison.Ordinal)
                 || path.Value == "/");
    }
}
