using System.Text;
using Leasehold.Diagnostics;
using Leasehold.Grains.Tests.Leases;
using Microsoft.Extensions.DependencyInjection;

namespace Leasehold.Grains.Tests.Objects;

/// <summary>Only an exclusive holder writes: a shared (reader's) token is genuine, yet the store refuses a write or delete under it.</summary>
public sealed class ObjectShardGrainSharedLeaseTests(SharedSilo shared) : SiloTest(shared)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_write_or_delete_under_a_shared_token_is_refused_counted_and_writes_nothing()
    {
        var writer = await Lease("orders").AcquireGrantedAsync("writer", Ttl);
        var shard = Silo.ShardFor(Name("orders.txt"));
        Assert.IsType<WriteResult.Accepted>(await shard.PutAsync(new PutObject(Name("orders.txt"), Encoding.UTF8.GetBytes("v1"), "text/plain", writer.Token)));
        await Lease("orders").ReleaseReleasedAsync(writer);
        var reader = await Lease("orders").AcquireSharedGrantedAsync("reader", Ttl);

        var put = await shard.PutAsync(new PutObject(Name("orders.txt"), Encoding.UTF8.GetBytes("v2"), "text/plain", reader.Token));
        var delete = await shard.DeleteAsync(new DeleteObject(Name("orders.txt"), reader.Token));

        Assert.Equal(new WriteResult.SharedLease(reader.Fence), put);
        Assert.Equal(new WriteResult.SharedLease(reader.Fence), delete);
        var stored = await shard.GetAsync(Name("orders.txt"));
        Assert.Equal(("v1", 1L, writer.Fence), (Encoding.UTF8.GetString(stored!.Value), stored.Version, stored.Fence));
        var rejected = Silo.Services.GetRequiredService<LeaseholdInstruments>().RejectedWrites.List().Where(r => r.Key == Name("orders.txt")).ToList();
        Assert.Equal(["shared-lease", "shared-lease"], rejected.Select(r => r.Reason));
    }
}
