using System.Diagnostics;

namespace Leasehold.Diagnostics;

/// <summary>
/// Leasehold's tracing: one ActivitySource named <c>Leasehold</c>, and the spans the grains start. Every method returns
/// null when nothing listens, so an untraced silo pays one branch per call. Span and attribute names are listed in
/// <c>docs/observability.md</c>.
/// </summary>
public static class LeaseholdDiagnostics
{
    /// <summary>The name of Leasehold's ActivitySource and Meter.</summary>
    public const string Name = "Leasehold";

    /// <summary>Leasehold's ActivitySource.</summary>
    public static readonly ActivitySource ActivitySource = new(Name);

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
}
