using Leasehold.Runtime.Invocation;

namespace Leasehold.Runtime.Messaging;

/// <summary>Sends a grain call to wherever the grain lives and returns its response.</summary>
internal interface IGrainCallRouter
{
    Task<object?> InvokeAsync(GrainId target, GrainMethod method, object?[] arguments);
}
