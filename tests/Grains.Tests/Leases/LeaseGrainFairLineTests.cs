using Leasehold.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Leasehold.Grains.Tests.Leases;

/// <summary>
/// With authentication on, waiters are counted per principal as well as per resource: one principal's acquires take at
/// most its share of <c>Leases:MaxWaiters</c> (<c>Leases:MaxWaiterShare</c>), so it cannot fill the line and turn
/// everyone else away.
/// </summary>
public sealed class LeaseGrainFairLineTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task One_principal_cannot_fill_another_principals_line()
    {
        using var database = new TempDatabase();
        await using var silo = await TestSilo.StartAsync(database, new FakeTimeProvider(), new Dictionary<string, string?> { ["Leases:MaxWaiters"] = "4" });
        var grain = silo.Lease("orders");
        var held = await grain.AcquireGrantedAsync("carol", Ttl);

        var mallorys = new List<Task<LeaseResult>>();
        for (var i = 1; i <= 2; i++)
        {
            mallorys.Add(grain.AcquireAsync(new AcquireLease($"mallory/{i}", Ttl, Wait, "mallory")));
            var waiting = i;
            await Eventually.True(async () => (await grain.GetAsync()).Waiters == waiting, TimeSpan.FromSeconds(10), $"mallory's waiter {i} is in line");
        }

        var oneTooMany = await grain.AcquireAsync(new AcquireLease("mallory/3", Ttl, Wait, "mallory"));
        var alices = grain.AcquireAsync(new AcquireLease("alice", Ttl, Wait, "alice"));
        await Eventually.True(async () => (await grain.GetAsync()).Waiters == 3, TimeSpan.FromSeconds(10), "alice is in line behind mallory");

        Assert.Equal(new LeaseResult.LineFull(2, Mine: true), oneTooMany);
        Assert.False(alices.IsCompleted);
        await grain.ReleaseReleasedAsync(held);
        Assert.Equal("mallory/1", Assert.IsType<LeaseResult.Granted>(await mallorys[0]).Lease.Holder);
    }

    [Fact]
    public async Task A_principals_share_comes_back_when_its_waiters_leave_the_line()
    {
        using var database = new TempDatabase();
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(database, time, new Dictionary<string, string?> { ["Leases:MaxWaiters"] = "2" });
        var grain = silo.Lease("orders");
        await grain.AcquireGrantedAsync("carol", Ttl);
        var first = grain.AcquireAsync(new AcquireLease("mallory", Ttl, TimeSpan.FromSeconds(5), "mallory"));
        await Eventually.True(async () => (await grain.GetAsync()).Waiters == 1, TimeSpan.FromSeconds(10), "mallory waits");
        Assert.Equal(new LeaseResult.LineFull(1, Mine: true), await grain.AcquireAsync(new AcquireLease("mallory", Ttl, Wait, "mallory")));

        time.Advance(TimeSpan.FromSeconds(6));
        Assert.IsType<LeaseResult.Held>(await first);
        await Eventually.True(async () => (await grain.GetAsync()).Waiters == 0, TimeSpan.FromSeconds(10), "mallory's wait ended");
        var again = grain.AcquireAsync(new AcquireLease("mallory", Ttl, Wait, "mallory"));

        await Eventually.True(async () => (await grain.GetAsync()).Waiters == 1, TimeSpan.FromSeconds(10), "mallory waits again");
        Assert.False(again.IsCompleted);
    }

    [Fact]
    public async Task With_no_principal_one_line_is_shared_as_before()
    {
        using var database = new TempDatabase();
        await using var silo = await TestSilo.StartAsync(database, new FakeTimeProvider(), new Dictionary<string, string?> { ["Leases:MaxWaiters"] = "2" });
        var grain = silo.Lease("orders");
        await grain.AcquireGrantedAsync("carol", Ttl);
        _ = grain.AcquireAsync(new AcquireLease("w1", Ttl, Wait));
        _ = grain.AcquireAsync(new AcquireLease("w2", Ttl, Wait));
        await Eventually.True(async () => (await grain.GetAsync()).Waiters == 2, TimeSpan.FromSeconds(10), "both wait");

        Assert.Equal(new LeaseResult.LineFull(2), await grain.AcquireAsync(new AcquireLease("w3", Ttl, Wait)));
    }

    [Fact]
    public async Task A_principal_acquires_only_under_its_own_name()
    {
        using var database = new TempDatabase();
        await using var silo = await TestSilo.StartAsync(database, new FakeTimeProvider());

        var result = await silo.Lease("orders").AcquireAsync(new AcquireLease("alice", Ttl, TimeSpan.Zero, "mallory"));

        Assert.IsType<LeaseResult.Forbidden>(result);
        Assert.False((await silo.Lease("orders").GetAsync()).Held);
    }
}
