using System.Net;
using Leasehold.Testing;

namespace Leasehold.Cluster.Tests.Scenarios;

/// <summary>
/// The notes' story: client 1 takes the lease (fence 33) and pauses — a long GC — past its TTL. Client 2 takes the
/// lease (fence 34) and writes. Client 1 wakes, still believing it holds the lease, and writes with token 33.
/// The store has seen 34, so it refuses 33. Without the fence check the late write silently overwrites client 2's.
/// </summary>
public sealed class FencingStoryScenario
{
    [Theory]
    [OnSqlite(Fencing.On)]
    [OnSqlite(Fencing.Off)]
    [OnPostgres(Fencing.On)]
    [OnPostgres(Fencing.Off)]
    public async Task A_holder_paused_past_its_ttl_writes_with_token_33_after_token_34_wrote_and_is_refused(Fencing fencing, StorageProvider storage)
    {
        await using var cluster = await Scenario.StartAsync(3, fencing, storage);
        var (one, two, three) = (cluster.Silos[0].Http, cluster.Silos[1].Http, cluster.Silos[2].Http);

        // 32 earlier holders came and went, so that the story's fences are the notes' 33 and 34.
        for (var i = 1; i <= 32; i++)
        {
            await Scenario.ReleaseAsync(one, await Scenario.AcquireOkAsync(one, "storage", $"earlier-{i}", ttlMs: 10_000));
        }

        var client1 = await Scenario.AcquireOkAsync(one, "storage", "client-1", ttlMs: 500);

        // Client 1 is paused and does nothing. Client 2 waits in line until client 1's lease has run out.
        var client2 = await Scenario.AcquireOkAsync(two, "storage", "client-2", ttlMs: 10_000, waitMs: 5_000);
        var write2 = await Scenario.WriteAsync(two, "storage-file", client2.Token, "written by client 2");

        // Client 1 wakes up and writes, through whichever node it talks to.
        var write1 = await Scenario.WriteAsync(one, "storage-file", client1.Token, "written by client 1 after its pause");
        var stored = await Scenario.ReadAsync(three, "storage-file");

        Assert.Equal((33L, 34L), (client1.Fence, client2.Fence));
        Assert.Equal(HttpStatusCode.OK, write2);
        if (fencing == Fencing.On)
        {
            Assert.Equal(HttpStatusCode.Conflict, write1);
            Assert.Equal("written by client 2", stored);
        }
        else
        {
            // The anomaly the fence check exists for: client 2's data is gone.
            Assert.Equal(HttpStatusCode.OK, write1);
            Assert.Equal("written by client 1 after its pause", stored);
        }
    }
}
