namespace Leasehold.Grains.Tests.Leases;

/// <summary>Shorthands for the common lease calls of these tests; each asserts the outcome it expects.</summary>
internal static class LeaseGrainTestExtensions
{
    public static async Task<Lease> AcquireGrantedAsync(this ILeaseGrain grain, string holder, TimeSpan ttl)
    {
        var result = await grain.AcquireAsync(new AcquireLease(holder, ttl, TimeSpan.Zero));
        return Assert.IsType<LeaseResult.Granted>(result).Lease;
    }

    public static async Task<LeaseResult.Held> AcquireHeldAsync(this ILeaseGrain grain, string holder, TimeSpan ttl)
    {
        var result = await grain.AcquireAsync(new AcquireLease(holder, ttl, TimeSpan.Zero));
        return Assert.IsType<LeaseResult.Held>(result);
    }

    public static async Task<Lease> AcquireSharedGrantedAsync(this ILeaseGrain grain, string holder, TimeSpan ttl)
    {
        var result = await grain.AcquireAsync(new AcquireLease(holder, ttl, TimeSpan.Zero, Mode: LeaseMode.Shared));
        var lease = Assert.IsType<LeaseResult.Granted>(result).Lease;
        Assert.Equal(LeaseMode.Shared, lease.Mode);
        return lease;
    }

    public static async Task<LeaseResult.Held> AcquireSharedHeldAsync(this ILeaseGrain grain, string holder, TimeSpan ttl)
    {
        var result = await grain.AcquireAsync(new AcquireLease(holder, ttl, TimeSpan.Zero, Mode: LeaseMode.Shared));
        return Assert.IsType<LeaseResult.Held>(result);
    }

    public static async Task ReleaseReleasedAsync(this ILeaseGrain grain, Lease lease)
    {
        var result = await grain.ReleaseAsync(lease.LeaseId);
        Assert.Equal(new LeaseResult.Released(lease.Fence), result);
    }
}
