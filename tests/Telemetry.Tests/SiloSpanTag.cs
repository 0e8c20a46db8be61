using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

namespace Leasehold.Telemetry.Tests;

/// <summary>
/// Tags Orleans' grain-call spans with the silo they ran on (<see cref="Silo"/>). In production one process is one silo
/// and the span's resource (<c>service.instance.id</c>) says which; in a one-process test cluster every silo's tracer
/// provider listens to the same ActivitySources and records every span, so neither the resource nor the exporter tells
/// the silos apart. Added after Orleans' own activity-propagation filters, so the span current here is Orleans' span of
/// this call: the Client span on the calling silo (outgoing), the Server span on the silo that runs the grain (incoming).
/// </summary>
internal sealed class SiloSpanTag(ILocalSiloDetails silo) : IIncomingGrainCallFilter, IOutgoingGrainCallFilter
{
    /// <summary>The attribute: the <see cref="SiloAddress"/> of the silo the span ran on, as <c>ToString</c> writes it.</summary>
    public const string Silo = "test.silo";

    /// <summary>Adds the filter to every silo a builder configures.</summary>
    public static void AddTo(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SiloSpanTag>();
        builder.Services.AddSingleton<IIncomingGrainCallFilter>(sp => sp.GetRequiredService<SiloSpanTag>());
        builder.Services.AddSingleton<IOutgoingGrainCallFilter>(sp => sp.GetRequiredService<SiloSpanTag>());
    }

    public Task Invoke(IIncomingGrainCallContext context) => Tagged(context);

    public Task Invoke(IOutgoingGrainCallContext context) => Tagged(context);

    private Task Tagged(IGrainCallContext context)
    {
        // Only Orleans' span: when nothing listens to Orleans' sources, the current span is the caller's (the HTTP request's).
        if (Activity.Current is { } span && span.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal))
        {
            span.SetTag(Silo, silo.SiloAddress.ToString());
        }

        return context.Invoke();
    }
}
