using Leasehold.Runtime.Invocation;

namespace Leasehold.Runtime.Messaging;

/// <summary>
/// A request to a grain: everything a silo needs to deliver it, whether it came from this process or
/// (with a transport) from another silo.
/// </summary>
/// <param name="Target">The grain to call.</param>
/// <param name="Method">The interface method.</param>
/// <param name="Arguments">The call's arguments; grain argument types are immutable records and primitives, so in-silo calls share them uncopied.</param>
/// <param name="DeadlineTimestamp">When the caller stops waiting, as a <see cref="TimeProvider.GetTimestamp"/> value of the sending silo.</param>
/// <param name="TraceParent">W3C trace context of the caller, if any.</param>
internal sealed record Message(
    GrainId Target,
    GrainMethod Method,
    object?[] Arguments,
    long DeadlineTimestamp,
    string? TraceParent);
