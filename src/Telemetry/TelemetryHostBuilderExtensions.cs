using System.Diagnostics.Metrics;
using Leasehold.Runtime.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;

namespace Leasehold.Telemetry;

/// <summary>Adds Leasehold's telemetry to a host.</summary>
public static class TelemetryHostBuilderExtensions
{
    /// <summary>
    /// Reads <c>Telemetry</c> (and the OTEL_ fallbacks), puts the trace and span ids on every log entry written inside a
    /// span, exports logs over OTLP when OTLP is on, and adds the pipeline that wires the exporters and the dashboard's
    /// <see cref="TrafficRates"/>. A bad value throws, naming its key.
    /// </summary>
    public static IHostApplicationBuilder AddLeaseholdTelemetry(this IHostApplicationBuilder builder)
    {
        var options = TelemetryOptionsReader.Read(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.Services.TryAddSingleton(new TelemetryConsole(Console.Out));
        builder.Services.TryAddSingleton(sp => new TrafficRates(
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<LeaseholdInstruments>(), sp.GetService<IMeterFactory>()));
        builder.Services.AddHostedService<TelemetryPipeline>();

        // The trace id on every entry: the logger adds the current span's ids as a scope; the console shows scopes.
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        // Naming the formatter matters: without a name the console logger copies its own (obsolete) IncludeScopes=false over it.
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.FormatterName ??= ConsoleFormatterNames.Simple);
        builder.Services.Configure<SimpleConsoleFormatterOptions>(o => o.IncludeScopes = true);

        if (options.Otlp.Enabled)
        {
            builder.Logging.AddOpenTelemetry(o =>
            {
                o.SetResourceBuilder(TelemetryPipeline.Resource(options));
                o.IncludeFormattedMessage = true;
                o.AddProcessor(new BatchLogRecordExportProcessor(
                    new OtlpLogExporter(OtlpEndpoints.For(options.Otlp, OtlpEndpoints.Logs)),
                    scheduledDelayMilliseconds: (int)options.ExportInterval.TotalMilliseconds));
            });
        }

        return builder;
    }
}
