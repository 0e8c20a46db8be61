using Leasehold.Client;

namespace Leasehold.Cli.Output;

/// <summary>One watch event as <c>leasehold watch -o json</c> prints it: one JSON object a line, kinds in lower case as the API writes them.</summary>
internal sealed record WatchEventOutput(
    long Id,
    string Kind,
    string? Resource,
    string? Key,
    string? Holder,
    long? Fence,
    long? Version,
    long? Length,
    DateTimeOffset? AtUtc,
    DateTimeOffset? ExpiresAtUtc,
    string? Reason,
    LeaseState? Lease,
    ObjectState? Object)
{
    public static WatchEventOutput From(LeaseEvent e) =>
        new(e.Id, e.Kind.ToString().ToLowerInvariant(), e.Resource, null, e.Holder, e.Fence, null, null, e.AtUtc, e.ExpiresAtUtc, e.ResetReason, e.Lease, null);

    public static WatchEventOutput From(ObjectEvent e) =>
        new(e.Id, e.Kind.ToString().ToLowerInvariant(), null, e.Key, null, e.Fence, e.Version, e.Length, e.AtUtc, null, e.ResetReason, null, e.Object);
}
