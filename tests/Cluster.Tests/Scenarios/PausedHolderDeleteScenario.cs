using System.Net;
using Leasehold.Testing;
using Orleans.Runtime;

namespace Leasehold.Cluster.Tests.Scenarios;

/// <summary>
/// The fencing story with a delete: client 1 holds the lease and sends a DELETE of the object to a silo that then
/// freezes (a long GC). The majority declares that silo dead, client 2 takes the lease and writes the object. Client 1
/// still has its token and deletes again through a live silo: the delete carries the older fence and is refused, so
/// client 2's object stays. Without the fence check the late delete silently removes client 2's data.
/// </summary>
public sealed class PausedHolderDeleteScenario
{
    [Theory]
    [OnSqlite(Fencing.On)]
    [OnSqlite(Fencing.Off)]
    [OnPostgres(Fencing.On)]
    public async Task A_paused_ex_holders_late_delete_is_refused_after_the_new_holder_wrote(Fencing fencing, StorageProvider storage)
    {
        await using var cluster = await Scenario.StartAsync(3, fencing, storage);
        var paused = await cluster.HostOfLeaseAsync("storage");
        var others = cluster.Silos.Where(s => s != paused).ToList();
        var client1 = await Scenario.AcquireOkAsync(others[0].Http, "storage", "client-1", ttlMs: 1_000);
        Assert.Equal(HttpStatusCode.OK, await Scenario.WriteAsync(others[0].Http, "storage-file", client1.Token, "written by client 1"));

        await cluster.PauseSiloAsync(paused, TimeSpan.FromMinutes(5));

        // A delete sent to the frozen silo waits inside it, like a request in the socket buffer of a stopped process.
        var heldDelete = DeleteAsync(paused.Http, "storage-file", client1.Token);
        await Eventually.True(
            () => others.All(o => o.StatusOf(paused) == SiloStatus.Dead),
            Scenario.Bound, "the majority declares the paused silo dead");
        var client2 = await Scenario.AcquireOkAsync(others[0].Http, "storage", "client-2", ttlMs: 10_000, waitMs: 10_000);
        var write2 = await Scenario.WriteAsync(others[1].Http, "storage-file", client2.Token, "written by client 2");

        await cluster.ResumeSiloAsync(paused);
        await Eventually.True(() => paused.Faults.IsKilled && !paused.IsRunning, Scenario.Bound, "the woken silo reads itself dead and stops itself");
        var held = await Outcome(heldDelete);

        // Client 1 wakes believing it still holds the lease and deletes again, now through a live silo.
        var late = await DeleteAsync(others[0].Http, "storage-file", client1.Token);
        using var read = await others[1].Http.GetAsync("/v1/objects/storage-file");

        Assert.True(client2.Fence > client1.Fence);
        Assert.Equal(HttpStatusCode.OK, write2);
        if (fencing == Fencing.On)
        {
            // Whether the frozen silo ran it before reading itself dead or not, the held delete was not accepted.
            Assert.NotEqual(HttpStatusCode.OK, held);
            Assert.Equal(HttpStatusCode.Conflict, late);
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Equal("written by client 2", await read.Content.ReadAsStringAsync());
        }
        else
        {
            // The anomaly the fence check exists for: client 2's object is gone (the held delete may have done it already,
            // if the woken silo ran it before it read itself dead; the late one does it otherwise).
            Assert.Equal(HttpStatusCode.OK, late);
            Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        }
    }

    private static async Task<HttpStatusCode> DeleteAsync(HttpClient http, string key, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/v1/objects/{key}");
        request.Headers.TryAddWithoutValidation("Fencing-Token", token);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>The status of the held delete; none when the stopping silo dropped the connection.</summary>
    private static async Task<HttpStatusCode?> Outcome(Task<HttpStatusCode> delete)
    {
        try
        {
            return await delete.WaitAsync(Scenario.Bound);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
