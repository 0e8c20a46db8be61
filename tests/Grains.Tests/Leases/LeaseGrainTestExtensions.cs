using Microsoft.Extensions.Time.Testing;

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

    public static async Task ReleaseReleasedAsync(this ILeaseGrain grain, Lease lease)
    {
        var result = await grain.ReleaseAsync(lease.LeaseId);
        Assert.Equal(new LeaseResult.Released(lease.Fence), result);
    }

    /// <summary>
    /// Ends the waits of <paramref name="waiters"/> by moving the grains' clock past <c>Leases:WaitMax</c>, and waits for
    /// their answers (whatever they are). A waiter in line is a running request, and Orleans deactivates an activation —
    /// so stops a silo gracefully — only once none runs: a test that leaves one waiting would hold up its silo's stop.
    /// </summary>
    public static async Task EndWaitsAsync(this FakeTimeProvider time, params Task<LeaseResult>[] waiters)
    {
        time.Advance(TimeSpan.FromMinutes(1));
        await Task.WhenAll(waiters).WaitAsync(TimeSpan.FromSeconds(10));
    }
}
