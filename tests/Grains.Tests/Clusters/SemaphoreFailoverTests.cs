using Orleans.Runtime;

namespace Leasehold.Grains.Tests.Clusters;

/// <summary>
/// A semaphore on a real Orleans cluster under a silo crash: the silo that hosts the semaphore grain is killed while
/// permits are held and an acquire waits; the semaphore comes back on a survivor from storage with the same number of
/// permits, still never grants more than that many, and serves its line when a permit is released.
/// </summary>
public sealed class SemaphoreFailoverTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task After_the_semaphores_silo_is_killed_there_are_never_more_than_N_permits_and_the_line_is_served()
    {
        using var database = new Leasehold.Testing.TempDatabase();
        await using var cluster = await LeaseholdSilos.StartAsync(3, LeaseholdSilos.Configuration(database));
        const int permits = 2;
        var semaphore = cluster.Client.GetGrain<ISemaphoreGrain>("pool");
        var a = Assert.IsType<PermitResult.Granted>(await semaphore.AcquireAsync(new AcquirePermit("a", permits, Ttl, TimeSpan.Zero)));
        var b = Assert.IsType<PermitResult.Granted>(await semaphore.AcquireAsync(new AcquirePermit("b", permits, Ttl, TimeSpan.Zero)));
        var waiting = semaphore.AcquireAsync(new AcquirePermit("c", permits, Ttl, TimeSpan.FromSeconds(4)));

        // Kill the silo the semaphore grain lives on: its line goes with it, the slots' leases stay where they are.
        var host = await cluster.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(semaphore);
        await cluster.KillSiloAsync(cluster.Silos.Single(s => s.SiloAddress.Equals(host)));
        try
        {
            await waiting;
        }
        catch (Exception e) when (e is SiloUnavailableException or TimeoutException or OrleansMessageRejectionException)
        {
            // The waiter was on the killed silo: its caller learns so and asks again.
        }

        // Recovered from storage on a survivor: the same N, so a full semaphore stays full (no third permit).
        var full = await LeaseholdSilos.UntilAsync(async () => await semaphore.AcquireAsync(new AcquirePermit("d", permits, Ttl, TimeSpan.Zero)) as PermitResult.Full)
            ?? throw new Xunit.Sdk.XunitException($"the semaphore did not answer within {LeaseholdSilos.FailoverBound.TotalSeconds} s of the kill");
        Assert.Equal((permits, permits), (full.Permits, full.Holders));
        Assert.Equal(new PermitResult.PermitsMismatch(permits), await semaphore.AcquireAsync(new AcquirePermit("e", 3, Ttl, TimeSpan.Zero)));
        var view = await semaphore.GetAsync();
        Assert.Equal(["a", "b"], view.Held.Select(h => h.Holder).Order(StringComparer.Ordinal));
        Assert.Equal([a.Lease.Fence, b.Lease.Fence], view.Held.OrderBy(h => h.Holder, StringComparer.Ordinal).Select(h => h.Fence));

        // The line is served again: c waits, a releases, c gets a's slot with the next fence of that slot.
        var again = semaphore.AcquireAsync(new AcquirePermit("c", permits, Ttl, TimeSpan.FromSeconds(4)));
        await Leasehold.Testing.Eventually.True(async () => (await semaphore.GetAsync()).Waiters == 1, LeaseholdSilos.FailoverBound, "c is in line");
        Assert.IsType<LeaseResult.Released>(await semaphore.ReleaseAsync(a.Slot, a.Lease.LeaseId));
        var c = Assert.IsType<PermitResult.Granted>(await again);
        Assert.Equal((a.Slot, a.Lease.Fence + 1), (c.Slot, c.Lease.Fence));
        Assert.Equal(permits, (await semaphore.GetAsync()).Held.Count);
    }
}
