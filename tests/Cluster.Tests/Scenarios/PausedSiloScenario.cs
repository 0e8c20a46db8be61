using System.Net;
using Leasehold.Grains;
using Leasehold.Testing;
using Orleans.Runtime;

namespace Leasehold.Cluster.Tests.Scenarios;

/// <summary>
/// A silo stops the world (a long GC) while it hosts a lease. The majority stops hearing from it, votes it Dead and
/// serves the lease on a survivor. When the paused silo wakes it reads itself Dead and stops itself; the write it
/// was holding when it froze carries an old fence and is refused.
/// </summary>
public sealed class PausedSiloScenario
{
    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task A_paused_silo_is_declared_dead_by_the_majority_and_stops_itself_when_it_wakes(StorageProvider storage)
    {
        await using var cluster = await Scenario.StartAsync(3, Fencing.On, storage);
        var paused = await cluster.HostOfLeaseAsync("storage");
        var others = cluster.Silos.Where(s => s != paused).ToList();
        var client1 = await Scenario.AcquireOkAsync(others[0].Http, "storage", "client-1", ttlMs: 1_000);

        await cluster.PauseSiloAsync(paused, TimeSpan.FromMinutes(5));

        // A write sent to the frozen silo waits inside it, like a request in the socket buffer of a stopped process.
        var heldWrite = Scenario.WriteAsync(paused.Http, "storage-file", client1.Token, "held by the paused silo");
        await Eventually.True(
            () => others.All(o => o.StatusOf(paused) == SiloStatus.Dead),
            Scenario.Bound, "the majority declares the paused silo dead");
        var client2 = await Scenario.AcquireOkAsync(others[0].Http, "storage", "client-2", ttlMs: 10_000, waitMs: 10_000);
        var write2 = await Scenario.WriteAsync(others[1].Http, "storage-file", client2.Token, "written by client 2");

        await cluster.ResumeSiloAsync(paused);
        await Eventually.True(() => paused.Faults.IsKilled && !paused.IsRunning, Scenario.Bound, "the woken silo reads itself dead and stops itself");
        var held = await Outcome(heldWrite);

        // Client 1 still holds its token and writes again, now through a live silo: the fence check refuses it.
        var late = await Scenario.WriteAsync(others[0].Http, "storage-file", client1.Token, "late write by client 1");

        Assert.True(client2.Fence > client1.Fence);
        Assert.Equal(HttpStatusCode.OK, write2);
        Assert.NotEqual(HttpStatusCode.OK, held);
        Assert.Equal(HttpStatusCode.Conflict, late);
        Assert.Equal("written by client 2", await Scenario.ReadAsync(others[1].Http, "storage-file"));
        Assert.All(others, o => Assert.Equal(2, o.ActiveSilos.Count));
    }

    /// <summary>The status of the held write; none when the stopping silo dropped the connection.</summary>
    private static async Task<HttpStatusCode?> Outcome(Task<HttpStatusCode> write)
    {
        try
        {
            return await write.WaitAsync(Scenario.Bound);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
