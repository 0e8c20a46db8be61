using System.Diagnostics;
using Leasehold.Runtime.Messaging;

namespace Leasehold.Runtime;

/// <summary>The runtime's tracing: one ActivitySource named <c>Leasehold</c>, shared by every Leasehold component.</summary>
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
        activity?.SetTag("leasehold.grain.id", target.ToString());
        return activity;
    }

    /// <summary>Span for the server side of a grain call, parented on the caller's trace context from the message.</summary>
    internal static Activity? StartServerCall(Message message)
    {
        if (!ActivitySource.HasListeners())
        {
            return null;
        }

        var activity = message.TraceParent is { } parent
            ? ActivitySource.StartActivity(message.Method.Id, ActivityKind.Server, parent)
            : ActivitySource.StartActivity(message.Method.Id, ActivityKind.Server);
        activity?.SetTag("leasehold.grain.id", message.Target.ToString());
        return activity;
    }
}
