using System.Text;
using Leasehold.Testing;

namespace Leasehold.Client.Tests;

/// <summary>Deletes, conditional writes and listings through the typed client against a real server.</summary>
[Collection(ServerCollection.Name)]
public sealed class ObjectStoreClientTests(LeaseholdServer server) : IDisposable
{
    private readonly LeaseholdClient _client = server.CreateClient();

    [Fact]
    public async Task DeleteObjectAsync_leaves_a_tombstone_a_read_sees_as_missing_and_a_stale_writer_cannot_undo()
    {
        var resource = Names.Fresh("del");
        var key = Names.Fresh("del.txt");
        var old = await _client.AcquireAsync(resource, "old", TimeSpan.FromSeconds(10));
        await _client.PutObjectAsync(key, Encoding.UTF8.GetBytes("v1"), old.Token);
        await _client.ReleaseAsync(resource, old.LeaseId);
        var newer = await _client.AcquireAsync(resource, "new", TimeSpan.FromSeconds(10));

        var receipt = await _client.DeleteObjectAsync(key, newer.Token);
        var stale = await Assert.ThrowsAsync<StaleFenceException>(() => _client.PutObjectAsync(key, Encoding.UTF8.GetBytes("undead"), old.Token));
        var staleDelete = await Assert.ThrowsAsync<StaleFenceException>(() => _client.DeleteObjectAsync(key, old.Token));

        Assert.Equal(new WriteReceipt(key, 2, newer.Fence), receipt);
        Assert.Null(await _client.GetObjectAsync(key));
        Assert.Equal((old.Fence, newer.Fence), (stale.Fence, stale.HighestFence));
        Assert.Equal(newer.Fence, staleDelete.HighestFence);
    }

    [Fact]
    public async Task A_version_condition_makes_a_write_compare_and_swap_and_a_mismatch_names_the_current_version()
    {
        var lease = await _client.AcquireAsync(Names.Fresh("cas"), "alice", TimeSpan.FromSeconds(10));
        var key = Names.Fresh("cas.txt");
        var first = await _client.PutObjectAsync(key, Encoding.UTF8.GetBytes("1"), lease.Token, ObjectCondition.IfAbsent);

        var second = await _client.PutObjectAsync(key, Encoding.UTF8.GetBytes("2"), lease.Token, ObjectCondition.IfVersion(first.Version));
        var lost = await Assert.ThrowsAsync<VersionMismatchException>(
            () => _client.PutObjectAsync(key, Encoding.UTF8.GetBytes("lost"), lease.Token, ObjectCondition.IfVersion(first.Version)));
        var createAgain = await Assert.ThrowsAsync<VersionMismatchException>(
            () => _client.PutObjectAsync(key, Encoding.UTF8.GetBytes("again"), lease.Token, ObjectCondition.IfAbsent));
        var deleteOld = await Assert.ThrowsAsync<VersionMismatchException>(() => _client.DeleteObjectAsync(key, lease.Token, ObjectCondition.IfVersion(1)));
        var deleted = await _client.DeleteObjectAsync(key, lease.Token, ObjectCondition.IfVersion(2));

        Assert.Equal(2, second.Version);
        Assert.Equal((2L, false, 412, ProblemTypes.VersionMismatch), (lost.CurrentVersion, lost.Deleted, lost.Status, lost.Type));
        Assert.Equal(2, createAgain.CurrentVersion);
        Assert.Equal(2, deleteOld.CurrentVersion);
        Assert.Equal(3, deleted.Version);
        var onTombstone = await Assert.ThrowsAsync<VersionMismatchException>(() => _client.DeleteObjectAsync(key, lease.Token, ObjectCondition.IfExists));
        Assert.True(onTombstone.Deleted);
    }

    [Fact]
    public async Task ListObjectsAsync_pages_through_every_live_key_of_a_prefix_in_ordinal_order()
    {
        var lease = await _client.AcquireAsync(Names.Fresh("list"), "alice", TimeSpan.FromSeconds(10));
        var prefix = Names.Fresh("listing") + ".";
        var keys = Enumerable.Range(0, 5).Select(i => $"{prefix}{i}").ToArray();
        foreach (var key in keys)
        {
            await _client.PutObjectAsync(key, Encoding.UTF8.GetBytes(key), lease.Token, "text/plain");
        }

        await _client.DeleteObjectAsync(keys[1], lease.Token);

        var listed = new List<ObjectEntry>();
        await foreach (var entry in _client.ListObjectsAsync(prefix, pageSize: 2))
        {
            listed.Add(entry);
        }

        var firstPage = await _client.ListObjectsPageAsync(prefix, limit: 2);
        Assert.Equal([keys[0], keys[2], keys[3], keys[4]], listed.Select(e => e.Key));
        Assert.All(listed, e => Assert.Equal((1L, lease.Fence, (long)e.Key.Length), (e.Version, e.Fence, e.Size)));
        Assert.Equal(keys[2], firstPage.Next);
        Assert.Null((await _client.ListObjectsPageAsync(prefix, after: keys[3], limit: 2)).Next);
    }

    [Fact]
    public async Task IfAbsent_is_refused_for_a_delete_before_anything_is_sent()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _client.DeleteObjectAsync("x", "token", ObjectCondition.IfAbsent));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _client.ListObjectsPageAsync(limit: 0));
    }

    public void Dispose() => _client.Dispose();
}
