namespace Leasehold.Diagnostics;

/// <summary>The names of Leasehold's own spans; grain calls are Orleans' spans, named interface/method (<c>ILeaseGrain/AcquireAsync</c>).</summary>
public static class SpanNames
{
    /// <summary>A lease granted: a new holder and a new fence, durable before the answer.</summary>
    public const string LeaseGrant = "leasehold.lease.grant";

    /// <summary>A lease extended by its holder (renew, or acquire again as the holder); same fence.</summary>
    public const string LeaseRenew = "leasehold.lease.renew";

    /// <summary>A lease given back by its holder.</summary>
    public const string LeaseRelease = "leasehold.lease.release";

    /// <summary>A lease that ran out on the lease grain's monotonic clock.</summary>
    public const string LeaseExpire = "leasehold.lease.expire";

    /// <summary>A write to the fenced object store, accepted or rejected.</summary>
    public const string FencedWrite = "leasehold.object.write";
}
