using System.Diagnostics;
using Leasehold.Runtime.Diagnostics;
using Leasehold.Runtime.Membership;
using Leasehold.Runtime.Messaging;

namespace Leasehold.Runtime;

/// <summary>
/// Leasehold's tracing: one ActivitySource named <c>Leasehold</c>, shared by every Leasehold component, and the
/// spans it starts. Every method returns null when nothing listens, so an untraced silo pays one branch per call.
/// Span and attribute names are listed in <c>docs/observability.md</c>.
/// </summary>
public static class RuntimeDiagnostics
{
    /// <summary>The name of Leasehold's ActivitySource and Meter.</summary>
    public const string Name = "Leasehold";

    /// <summary>Leasehold's ActivitySource.</summary>
    public static readonly ActivitySource ActivitySource = new(Name);

    /// <summary>Span for the client side of a grain call; its id travels in the message as the W3C <c>traceparent</c>.</summary>
    internal static Activity? StartClientCall(GrainId target, string method)
    {
        if (!ActivitySource.HasListeners())
        {
            return null;
        }

        var activity = ActivitySource.StartActivity(method, ActivityKind.Client);
        activity?.SetTag(TelemetryAttributes.GrainId, target.ToString());
        activity?.SetTag(TelemetryAttributes.GrainMethod, method);
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
        activity?.SetTag(TelemetryAttributes.GrainId, message.Target.ToString());
        activity?.SetTag(TelemetryAttributes.GrainMethod, message.Method.Id);
        activity?.SetTag(TelemetryAttributes.Silo, silo);
        return activity;
    }

    /// <summary>
    /// Span for one lease operation (<see cref="SpanNames.LeaseGrant"/>, renew, release, expire) on <paramref name="resource"/>.
    /// A grant's span covers the compare-and-swap that makes the fence durable.
    /// </summary>
    public static Activity? StartLeaseSpan(string name, string resource, string? holder, long fence)
    {
        if (!ActivitySource.HasListeners())
        {
            return null;
        }

        var activity = ActivitySource.StartActivity(name, ActivityKind.Internal);
        activity?.SetTag(TelemetryAttributes.LeaseResource, resource);
        activity?.SetTag(TelemetryAttributes.LeaseHolder, holder);
        activity?.SetTag(TelemetryAttributes.Fence, fence);
        return activity;
    }

    /// <summary>Span for a fenced write of object <paramref name="key"/>; the outcome is added by <see cref="EndFencedWrite"/>.</summary>
    public static Activity? StartFencedWrite(string key)
    {
        if (!ActivitySource.HasListeners())
        {
            return null;
        }

        var activity = ActivitySource.StartActivity(SpanNames.FencedWrite, ActivityKind.Internal);
        activity?.SetTag(TelemetryAttributes.ObjectKey, key);
        return activity;
    }

    /// <summary>Records a fenced write's outcome on its span: the token's fence, the highest fence seen, and why it was refused.</summary>
    public static void EndFencedWrite(Activity? span, string? resource, long? fence, long? highestFence, string? rejectionReason)
    {
        if (span is null)
        {
            return;
        }

        span.SetTag(TelemetryAttributes.LeaseResource, resource);
        span.SetTag(TelemetryAttributes.Fence, fence);
        span.SetTag(TelemetryAttributes.HighestFence, highestFence);
        span.SetTag(TelemetryAttributes.WriteOutcome, rejectionReason is null ? "accepted" : "rejected");
        span.SetTag(TelemetryAttributes.RejectionReason, rejectionReason);
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
        var activity = ActivitySource.StartActivity(SpanNames.MembershipChange, ActivityKind.Internal);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag(TelemetryAttributes.Silo, localSilo.ToString());
        activity.SetTag(TelemetryAttributes.MembershipVersion, view.Version);
        activity.SetTag(TelemetryAttributes.ActiveSilos, view.Silos.Count(s => s.Status == SiloStatus.Active));
        foreach (var (silo, from, to) in MembershipChanges.Between(previous, view))
        {
            activity.AddEvent(new ActivityEvent("silo.status.changed", tags: new ActivityTagsCollection
            {
                [TelemetryAttributes.Silo] = silo.ToString(),
                [TelemetryAttributes.SiloStatusFrom] = from?.ToString(),
                [TelemetryAttributes.SiloStatus] = to.ToString(),
            }));
        }

        return activity;
    }
}
