using System.Text;
using Leasehold.Grains.Tests.Leases;
using Leasehold.Storage;
using Leasehold.Testing;

namespace Leasehold.Grains.Tests.Objects;

/// <summary>The shard grain's delete: the token checks of a write, then the store's fenced tombstone.</summary>
public sealed class ObjectShardGrainDeleteTests(SharedSilo shared) : SiloTest(shared)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_delete_under_the_current_lease_leaves_a_tombstone_and_an_older_holders_delete_or_write_is_stale()
    {
        var first = await Lease("orders").AcquireGrantedAsync("worker-1", Ttl);
        await PutAsync("orders/config", "v1", first.Token);
        await Lease("orders").ReleaseAsync(first.LeaseId);
        var second = await Lease("orders").AcquireGrantedAsync("worker-2", Ttl);

        var deleted = await DeleteAsync("orders/config", second.Token);
        var staleDelete = await DeleteAsync("orders/config", first.Token);
        var resurrect = await PutAsync("orders/config", "back", first.Token);

        Assert.Equal(new WriteResult.Accepted(2, second.Fence), deleted);
        Assert.Equal(new WriteResult.StaleFence(first.Fence, second.Fence), staleDelete);
        Assert.Equal(new WriteResult.StaleFence(first.Fence, second.Fence), resurrect);
        var stored = await Silo.ShardFor(Name("orders/config")).GetAsync(Name("orders/config"));
        Assert.Equal((true, second.Fence, 2L), (stored!.Deleted, stored.Fence, stored.Version));
    }

    [Fact]
    public async Task A_delete_with_a_forged_token_or_another_principals_token_is_refused_and_deletes_nothing()
    {
        var alices = await Lease("report").AcquireGrantedAsync("alice/worker-1", Ttl);
        await PutAsync("report.txt", "alice's", alices.Token, "alice");

        var forged = await DeleteAsync("report.txt", alices.Token[..^1]);
        var bobs = await DeleteAsync("report.txt", alices.Token, "bob");

        Assert.IsType<WriteResult.InvalidToken>(forged);
        Assert.IsType<WriteResult.Forbidden>(bobs);
        Assert.False((await Silo.ShardFor(Name("report.txt")).GetAsync(Name("report.txt")))!.Deleted);
    }

    [Fact]
    public async Task A_version_precondition_that_does_not_hold_answers_the_current_version_and_changes_nothing()
    {
        var lease = await Lease("orders").AcquireGrantedAsync("worker-1", Ttl);
        await PutAsync("orders/config", "v1", lease.Token);
        await PutAsync("orders/config", "v2", lease.Token);

        var put = await Silo.ShardFor(Name("orders/config")).PutAsync(
            new PutObject(Name("orders/config"), Encoding.UTF8.GetBytes("lost"), "text/plain", lease.Token, Precondition: ObjectPrecondition.VersionIs(1)));
        var delete = await DeleteAsync("orders/config", lease.Token, precondition: ObjectPrecondition.VersionIs(1));

        Assert.Equal(new WriteResult.PreconditionFailed(2, false, lease.Fence), put);
        Assert.Equal(new WriteResult.PreconditionFailed(2, false, lease.Fence), delete);
    }

    private Task<WriteResult> PutAsync(string key, string value, string token, string? owner = null) =>
        Silo.ShardFor(Name(key)).PutAsync(new PutObject(Name(key), Encoding.UTF8.GetBytes(value), "text/plain", token, owner));

    private Task<WriteResult> DeleteAsync(string key, string token, string? owner = null, ObjectPrecondition precondition = default) =>
        Silo.ShardFor(Name(key)).DeleteAsync(new DeleteObject(Name(key), token, owner, precondition));
}
