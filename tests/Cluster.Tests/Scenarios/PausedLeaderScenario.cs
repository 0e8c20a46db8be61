using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Leasehold.Testing;
using Orleans.Runtime;

namespace Leasehold.Cluster.Tests.Scenarios;

/// <summary>
/// An elected leader stops the world past its term, together with the silo it talks to and that hosts the election's
/// lease: its keep-alive is frozen inside that silo. The majority declares the silo dead, the lease comes back on a
/// survivor once the term is surely over, and the next candidate is elected with a higher fence and writes. The old
/// leader wakes up believing it still leads and writes with its term's token: the store refuses it, exactly as it
/// refuses a paused lease holder. Without the fence check the late write overwrites the new leader's.
/// </summary>
public sealed class PausedLeaderScenario
{
    private const string Election = "jobs";
    private const string Key = "election:jobs.json";

    [Theory]
    [OnSqlite(Fencing.On)]
    [OnSqlite(Fencing.Off)]
    [OnPostgres(Fencing.On)]
    public async Task A_leader_paused_past_its_term_is_replaced_by_a_higher_fence_and_its_late_write_is_refused(Fencing fencing, StorageProvider storage)
    {
        await using var cluster = await Scenario.StartAsync(3, fencing, storage);
        var paused = await cluster.HostOfLeaseAsync($"election:{Election}");
        var others = cluster.Silos.Where(s => s != paused).ToList();
        var leader = await CampaignOkAsync(paused.Http, "node-1", "10.0.0.1:8080", ttlMs: 1_000);
        Assert.Equal(HttpStatusCode.OK, await Scenario.WriteAsync(paused.Http, Key, leader.Token, "written by leader 1"));

        await cluster.PauseSiloAsync(paused, TimeSpan.FromMinutes(5));

        // The leader's keep-alive goes to its frozen silo and hangs there, like the rest of the leader.
        var keepAlive = paused.Http.PostAsJsonAsync($"/v1/leases/election:{Election}/renew", new { leaseId = leader.LeaseId });
        await Eventually.True(() => others.All(o => o.StatusOf(paused) == SiloStatus.Dead), Scenario.Bound, "the majority declares the paused silo dead");
        var next = await CampaignOkAsync(others[0].Http, "node-2", "10.0.0.2:8080", ttlMs: 10_000, waitMs: 10_000);
        var shown = await others[1].Http.GetFromJsonAsync<JsonElement>($"/v1/elections/{Election}/leader");
        var write2 = await Scenario.WriteAsync(others[1].Http, Key, next.Token, "written by leader 2");

        await cluster.ResumeSiloAsync(paused);
        await Eventually.True(() => paused.Faults.IsKilled && !paused.IsRunning, Scenario.Bound, "the woken silo reads itself dead and stops itself");
        var renewed = await Outcome(keepAlive);

        // The old leader wakes, still believing it leads, and writes with its term's token through a live silo.
        var late = await Scenario.WriteAsync(others[0].Http, Key, leader.Token, "late write by leader 1");

        Assert.True(next.Fence > leader.Fence, $"the new leader's fence {next.Fence} is not above the old leader's {leader.Fence}");
        Assert.Equal(("node-2", "10.0.0.2:8080", next.Fence), (shown.GetProperty("leader").GetString(), shown.GetProperty("value").GetString(), shown.GetProperty("fence").GetInt64()));
        Assert.NotEqual(HttpStatusCode.OK, renewed);
        Assert.Equal(HttpStatusCode.OK, write2);
        if (fencing == Fencing.On)
        {
            Assert.Equal(HttpStatusCode.Conflict, late);
            Assert.Equal("written by leader 2", await Scenario.ReadAsync(others[1].Http, Key));
        }
        else
        {
            // What the fence check is for: the new leader's write is silently gone.
            Assert.Equal(HttpStatusCode.OK, late);
            Assert.Equal("late write by leader 1", await Scenario.ReadAsync(others[1].Http, Key));
        }
    }

    private static async Task<Leadership> CampaignOkAsync(HttpClient http, string candidate, string value, long ttlMs, long waitMs = 0)
    {
        using var response = await http.PostAsJsonAsync($"/v1/elections/{Election}/campaign", new { candidate, value, ttlMs, waitMs });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"campaign by {candidate} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<Leadership>())!;
    }

    /// <summary>The status of the held request; none when the stopping silo dropped the connection.</summary>
    private static async Task<HttpStatusCode?> Outcome(Task<HttpResponseMessage> request)
    {
        try
        {
            using var response = await request.WaitAsync(Scenario.Bound);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private sealed record Leadership(string Resource, string Leader, string LeaseId, long Fence, string Token);
}
