using Leasehold.Api.Contracts;
using Leasehold.Grains;

namespace Leasehold.Api.Watches;

/// <summary>A lease's changes, read from the history the lease keeps in its durable state.</summary>
internal sealed class LeaseWatchFeed(string resource, ILeaseWatchGrain grain) : IWatchFeed<LeaseEventResponse>
{
    /// <summary>The lease's state at the last read.</summary>
    public LeaseView? Lease { get; private set; }

    public async Task<WatchRead<LeaseEventResponse>> ReadAsync(long? after)
    {
        // A new watch asks for changes after every possible id: the lease answers with a reset, its index and its state.
        var read = await grain.GetChangesAsync(after ?? long.MaxValue);
        Lease = read.Lease;
        if (read.Reset)
        {
            return new(read.Index, true, [LeaseEventResponse.Reset(read.Index, after is null ? "start" : "behind", read.Lease)]);
        }

        return new(read.Index, false, [.. read.Changes.Select(change => LeaseEventResponse.From(resource, change))]);
    }

    public long IdOf(LeaseEventResponse @event) => @event.Id;

    public string KindOf(LeaseEventResponse @event) => @event.Kind;
}
