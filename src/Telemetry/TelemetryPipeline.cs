using System.Reflection;
using Leasehold.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Leasehold.Telemetry;

/// <summary>
/// The one place exporters are wired. Builds the tracer and meter providers before any other hosted service starts
/// (so a silo's join is traced) and disposes them, which flushes what is pending, after every other one stopped.
/// With no exporter on it builds nothing: Leasehold's ActivitySource then has no listener and its spans cost nothing.
/// </summary>
internal sealed partial class TelemetryPipeline(
    TelemetryOptions options,
    TrafficRates rates,
    TelemetryConsole console,
    ILogger<TelemetryPipeline> logger) : IHostedLifecycleService
{
    /// <summary>The sources traced: Leasehold's own and ASP.NET Core's request spans (the parents of grain calls).</summary>
    public static readonly string[] Sources = [RuntimeDiagnostics.Name, "Microsoft.AspNetCore"];

    /// <summary>The meters exported: Leasehold's own and ASP.NET Core's built-in ones.</summary>
    public static readonly string[] Meters = [RuntimeDiagnostics.Name, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"];

    private TracerProvider? _tracing;
    private MeterProvider? _metrics;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        // Resolved with this service, so the rates count from the first request.
        GC.KeepAlive(rates);
        if (!options.AnyExporter)
        {
            return Task.CompletedTask;
        }

        var resource = Resource(options);
        var tracing = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource(Sources);
        var metrics = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(Meters);
        var interval = (int)options.MetricExportInterval.TotalMilliseconds;
        if (options.Console.Enabled)
        {
            // Spans print as they end, so a person sees a request's trace at once.
            tracing.AddProcessor(new SimpleActivityExportProcessor(new ConsoleSpanExporter(console.Writer)));
            if (options.Console.Metrics)
            {
                metrics.AddReader(new PeriodicExportingMetricReader(new ConsoleMetricExporter(console.Writer), interval));
            }

            LogConsoleOn(logger);
        }

        if (options.Otlp.Enabled)
        {
            var delay = (int)options.ExportInterval.TotalMilliseconds;
            tracing.AddProcessor(new BatchActivityExportProcessor(
                new OtlpTraceExporter(OtlpEndpoints.For(options.Otlp, OtlpEndpoints.Traces)), scheduledDelayMilliseconds: delay, exporterTimeoutMilliseconds: 10_000));
            metrics.AddReader(new PeriodicExportingMetricReader(new OtlpMetricExporter(OtlpEndpoints.For(options.Otlp, OtlpEndpoints.Metrics)), interval));
            LogOtlpOn(logger, options.Otlp.Endpoint!, options.Otlp.Protocol!);
        }

        _tracing = tracing.Build();
        _metrics = metrics.Build();
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        // Dispose flushes: the spans of the stop itself are exported too.
        _tracing?.Dispose();
        _metrics?.Dispose();
        _tracing = null;
        _metrics = null;
        return Task.CompletedTask;
    }

    /// <summary>The resource every signal carries: service name and version, and a unique instance id.</summary>
    internal static ResourceBuilder Resource(TelemetryOptions options) =>
        ResourceBuilder.CreateDefault().AddService(
            options.ServiceName,
            serviceVersion: typeof(TelemetryPipeline).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
            autoGenerateServiceInstanceId: true);

    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Telemetry: console exporter on (spans as they end)")]
    private static partial void LogConsoleOn(ILogger logger);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Telemetry: exporting traces, metrics and logs over OTLP to {Endpoint} ({Protocol})")]
    private static partial void LogOtlpOn(ILogger logger, string endpoint, string protocol);
}
