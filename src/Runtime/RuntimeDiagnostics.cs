using System.Diagnostics;
using Leasehold.Runtime.Diagnostics;
using Leasehold.Runtime.Membership;
using Leasehold.Runtime.Messaging;

namespace Leasehold.Runtime;

/// <summary>
/// The home-made runtime's tracing: grain-call and membership spans on an ActivitySource named <c>Leasehold</c>, like
/// the grains' (Leasehold.Diagnostics.LeaseholdDiagnostics in src/Grains, which this project cannot reference), so
/// one subscription by name sees both. Every method returns null when nothing listens, so an untraced silo pays one
/// branch per call. Goes with this runtime; span and attribute names are listed in <c>docs/observability.md</c>.
/// </summary>
public static class RuntimeDiagnostics
{
    /// <summary>The name of Leasehold's ActivitySource and Meter; the same as the grains'.</summary>
    public const string Name = "Leasehold";

    /// <summary>The span of this silo adopting a newer membership view.</summary>
    public const string MembershipChangeSpan = "leasehold.membership.change";

    /// <summary>The runtime's ActivitySource.</summary>
    public static readonly ActivitySource ActivitySource = new(Name);

    /// <summary>Span for the client side of a grain call; its id travels in the message as the W3C <c>traceparent</c>.</summary>
    internal static Activity? StartClientCall(GrainId target, string method)
    {
        if (!ActivitySource.HasListeners())
        {
            return null;
        }

        var activity = ActivitySource.StartActivity(method, ActivityKind.Client);
        activity?.SetTag(RuntimeTelemetryAttributes.GrainId, target.ToString());
        activity?.SetTag(RuntimeTelemetryAttributes.GrainMethod, method);
        return activity;
    }

    /// <summary>Span for the server side of a grain call, parented on the caller's trace context from the message.</summary>
    internal static Activity? StartServerCall(Message message, string? silo)
    {
        if (!ActivitySource.HasListeners())
        {
            return null;
        }

        var activity = message.TraceParent is { } parent
            ? ActivitySource.StartActivity(message.Method.Id, ActivityKind.Server, parent)
            : ActivitySource.StartActivity(message.Method.Id, ActivityKind.Server);
        activity?.SetTag(RuntimeTelemetryAttributes.GrainId, message.Target.ToString());
        activity?.SetTag(RuntimeTelemetryAttributes.GrainMethod, message.Method.Id);
        activity?.SetTag(RuntimeTelemetryAttributes.Silo, silo);
        return activity;
    }

    /// <summary>
    /// Span for this silo adopting a newer membership view; it has one event per silo whose status changed
    /// (a silo seen for the first time counts as changed), and covers the handlers of the change (placement).
    /// </summary>
    internal static Activity? StartMembershipChange(SiloAddress localSilo, MembershipSnapshot? previous, MembershipSnapshot view)
    {
        if (!ActivitySource.HasListeners())
        {
            return null;
        }

        // A root span when the membership loops find the change; a child of the call whose message carried the newer version
        // when that call revealed it.
        var activity = ActivitySource.StartActivity(MembershipChangeSpan, ActivityKind.Internal);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag(RuntimeTelemetryAttributes.Silo, localSilo.ToString());
        activity.SetTag(RuntimeTelemetryAttributes.MembershipVersion, view.Version);
        activity.SetTag(RuntimeTelemetryAttributes.ActiveSilos, view.Silos.Count(s => s.Status == SiloStatus.Active));
        foreach (var (silo, from, to) in MembershipChanges.Between(previous, view))
        {
            activity.AddEvent(new ActivityEvent("silo.status.changed", tags: new ActivityTagsCollection
            {
                [RuntimeTelemetryAttributes.Silo] = silo.ToString(),
                [RuntimeTelemetryAttributes.SiloStatusFrom] = from?.ToString(),
                [RuntimeTelemetryAttributes.SiloStatus] = to.ToString(),
            }));
        }

        return activity;
    }
}
