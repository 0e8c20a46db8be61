using Leasehold.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Leasehold.Grains.Tests.Leases;

/// <summary>
/// A silo that stops gracefully (a rolling deploy) sends its lease grains' waiters away at once, told the lease is held,
/// instead of keeping them in line: a waiter is a running request, and Orleans deactivates an activation — so finishes
/// the stop and lets the lease move to another silo — only once none runs.
/// </summary>
public sealed class LeaseGrainShutdownTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_stopping_silo_answers_its_waiters_that_the_lease_is_held_without_waiting_out_their_wait()
    {
        using var database = new TempDatabase();

        // The grains' clock stands still: no wait can run out by itself, only the stop can end it.
        await using var silo = await TestSilo.StartAsync(database, new FakeTimeProvider());
        var grain = silo.Lease("orders");
        var lease = await grain.AcquireGrantedAsync("worker-1", Ttl);
        var waiting = grain.AcquireAsync(new AcquireLease("worker-2", Ttl, TimeSpan.FromSeconds(20)));
        await Eventually.True(async () => (await grain.GetAsync()).Waiters == 1, Bound, "worker-2 waits in line");

        var stopping = silo.StopAsync();

        var answer = Assert.IsType<LeaseResult.Held>(await waiting.WaitAsync(Bound));
        Assert.Equal(("worker-1", lease.Fence), (answer.Holder, answer.Fence));
        await stopping.WaitAsync(Bound);
    }
}
