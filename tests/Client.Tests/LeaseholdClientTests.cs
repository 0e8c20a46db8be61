using System.Text;
using Leasehold.Testing;

namespace Leasehold.Client.Tests;

/// <summary>Every route through the typed client against a real server, and each problem type as its exception.</summary>
[Collection(ServerCollection.Name)]
public sealed class LeaseholdClientTests(LeaseholdServer server) : IDisposable
{
    private readonly LeaseholdClient _client = server.CreateClient();

    [Fact]
    public async Task ListLeasesAsync_names_the_silo_of_each_lease_and_every_silo_asked()
    {
        var resource = Names.Fresh("listed");
        await _client.AcquireAsync(resource, "alice", TimeSpan.FromMinutes(5));

        var held = await _client.ListLeasesAsync(1000);

        var lease = Assert.Single(held.Leases, l => l.Resource == resource);
        Assert.Equal("alice", lease.Holder);
        Assert.Equal(held.Silo, lease.Silo);
        var silo = Assert.Single(held.Silos!);
        Assert.Equal(held.Silo, silo.Silo);
        Assert.True(silo.Answered);
        Assert.Equal(held.Total, silo.Total);
        Assert.Empty(held.Unreachable!);
    }

    [Fact]
    public async Task Acquire_returns_a_lease_with_token_and_fence_and_get_shows_it_held()
    {
        var resource = Names.Fresh("acquire");
        var lease = await _client.AcquireAsync(resource, "alice", TimeSpan.FromSeconds(10));

        Assert.Equal(resource, lease.Resource);
        Assert.Equal("alice", lease.Holder);
        Assert.Equal(1, lease.Fence);
        Assert.StartsWith("lh1.", lease.Token, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(10), lease.Ttl);
        Assert.DoesNotContain(lease.Token, lease.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(lease.LeaseId, lease.ToString(), StringComparison.Ordinal);

        var state = await _client.GetLeaseAsync(resource);
        Assert.True(state.Held);
        Assert.Equal("alice", state.Holder);
        Assert.Equal(1, state.Fence);
    }

    [Fact]
    public async Task Acquire_again_by_the_same_holder_returns_the_same_lease()
    {
        var resource = Names.Fresh("idempotent");
        var first = await _client.AcquireAsync(resource, "alice", TimeSpan.FromSeconds(10));
        var again = await _client.AcquireAsync(resource, "alice", TimeSpan.FromSeconds(10));

        Assert.Equal(first.LeaseId, again.LeaseId);
        Assert.Equal(first.Fence, again.Fence);
        Assert.True(again.SentAtTimestamp > first.SentAtTimestamp);
    }

    [Fact]
    public async Task Acquire_of_a_held_lease_throws_LeaseHeldException_naming_the_holder()
    {
        var resource = Names.Fresh("held");
        await _client.AcquireAsync(resource, "alice", TimeSpan.FromSeconds(10));

        var held = await Assert.ThrowsAsync<LeaseHeldException>(() => _client.AcquireAsync(resource, "bob", TimeSpan.FromSeconds(10)));
        Assert.Equal("alice", held.Holder);
        Assert.Equal(1, held.Fence);
        Assert.Equal(409, held.Status);
        Assert.Equal(ProblemTypes.LeaseHeld, held.Type);
        Assert.NotNull(held.RetryAfter);
    }

    [Fact]
    public async Task Renew_extends_and_keeps_the_fence_and_release_frees_the_lease()
    {
        var resource = Names.Fresh("renew");
        var lease = await _client.AcquireAsync(resource, "alice", TimeSpan.FromSeconds(10));
        var renewed = await _client.RenewAsync(resource, lease.LeaseId, TimeSpan.FromSeconds(20));

        Assert.Equal(lease.LeaseId, renewed.LeaseId);
        Assert.Equal(lease.Fence, renewed.Fence);
        Assert.Equal(TimeSpan.FromSeconds(20), renewed.Ttl);

        await _client.ReleaseAsync(resource, lease.LeaseId);
        Assert.False((await _client.GetLeaseAsync(resource)).Held);
    }

    [Fact]
    public async Task Renew_and_release_of_a_released_lease_throw_LeaseLostException()
    {
        var resource = Names.Fresh("lost");
        var lease = await _client.AcquireAsync(resource, "alice", TimeSpan.FromSeconds(10));
        await _client.ReleaseAsync(resource, lease.LeaseId);

        var renew = await Assert.ThrowsAsync<LeaseLostException>(() => _client.RenewAsync(resource, lease.LeaseId));
        Assert.Equal(410, renew.Status);
        Assert.Equal(ProblemTypes.LeaseLost, renew.Type);
        await Assert.ThrowsAsync<LeaseLostException>(() => _client.ReleaseAsync(resource, lease.LeaseId));
    }

    [Fact]
    public async Task Objects_round_trip_with_version_and_fence()
    {
        var resource = Names.Fresh("objects");
        var key = Names.Fresh("report.txt");
        var lease = await _client.AcquireAsync(resource, "alice", TimeSpan.FromSeconds(10));

        var first = await _client.PutObjectAsync(key, Encoding.UTF8.GetBytes("one"), lease.Token, "text/plain");
        var second = await _client.PutObjectAsync(key, Encoding.UTF8.GetBytes("two"), lease.Token, "text/plain");
        var stored = await _client.GetObjectAsync(key);

        Assert.Equal(new WriteReceipt(key, 1, lease.Fence), first);
        Assert.Equal(new WriteReceipt(key, 2, lease.Fence), second);
        Assert.NotNull(stored);
        Assert.Equal("two", Encoding.UTF8.GetString(stored.Value.Span));
        Assert.Equal(2, stored.Version);
        Assert.Equal(lease.Fence, stored.Fence);
        Assert.StartsWith("text/plain", stored.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_of_a_missing_object_returns_null()
    {
        Assert.Null(await _client.GetObjectAsync(Names.Fresh("missing")));
    }

    [Fact]
    public async Task Write_with_the_token_of_an_expired_lease_throws_StaleFenceException_after_a_newer_write()
    {
        var resource = Names.Fresh("stale");
        var key = Names.Fresh("stale.txt");
        var old = await _client.AcquireAsync(resource, "paused-client", TimeSpan.FromMilliseconds(300));
        await Eventually.True(async () => !(await _client.GetLeaseAsync(resource)).Held, TimeSpan.FromSeconds(10), "the 300 ms lease to expire");
        var newer = await _client.AcquireAsync(resource, "new-client", TimeSpan.FromSeconds(10));
        await _client.PutObjectAsync(key, Encoding.UTF8.GetBytes("new"), newer.Token);

        var stale = await Assert.ThrowsAsync<StaleFenceException>(() => _client.PutObjectAsync(key, Encoding.UTF8.GetBytes("late"), old.Token));
        Assert.Equal(old.Fence, stale.Fence);
        Assert.Equal(newer.Fence, stale.HighestFence);
        Assert.Equal(ProblemTypes.StaleFencingToken, stale.Type);
        Assert.Equal("new", Encoding.UTF8.GetString((await _client.GetObjectAsync(key))!.Value.Span));
    }

    [Fact]
    public async Task Write_with_a_forged_token_is_refused_with_the_invalid_token_type()
    {
        var refused = await Assert.ThrowsAsync<LeaseholdException>(() => _client.PutObjectAsync(Names.Fresh("forged"), new byte[] { 1 }, "lh1.k1.bogus.bogus"));
        Assert.Equal(403, refused.Status);
        Assert.Equal(ProblemTypes.InvalidFencingToken, refused.Type);
    }

    [Fact]
    public async Task A_bad_name_is_a_validation_problem()
    {
        var invalid = await Assert.ThrowsAsync<LeaseholdException>(() => _client.AcquireAsync("no spaces allowed", "alice", TimeSpan.FromSeconds(10)));
        Assert.Equal(400, invalid.Status);
        Assert.Equal(ProblemTypes.Validation, invalid.Type);
        Assert.Contains("resource", invalid.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cluster_and_health_answer()
    {
        var cluster = await _client.GetClusterAsync();
        Assert.True(cluster.MembershipVersion > 0);
        var self = Assert.Single(cluster.Silos);
        Assert.Equal("Active", self.Status);
        Assert.Equal(cluster.LocalSilo, $"{self.Address}@{self.Generation}");

        Assert.Equal("live", (await _client.GetLiveAsync()).Status);
        Assert.Equal("ready", (await _client.GetReadyAsync()).Status);
    }

    public void Dispose() => _client.Dispose();
}
