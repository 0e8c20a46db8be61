using System.Text;
using Leasehold.Storage.Tests.Providers;

namespace Leasehold.Storage.Tests.Contracts;

/// <summary>
/// Fenced deletes, listings and version preconditions: a delete is checked like a write and leaves a tombstone that keeps
/// the key's fence, so no lower fence can bring the key back; a listing pages through live keys in ordinal order; a
/// precondition is checked in the same statement as the fence, and the fence's answer wins when both fail.
/// </summary>
public abstract class FencedDeleteContract : ProviderContract
{
    [ProviderFact]
    public async Task A_delete_leaves_a_tombstone_with_the_deleters_fence_and_the_next_version()
    {
        await WriteAsync("report.txt", "report", 3, "v1");

        var deleted = await DeleteAsync("report.txt", "report", 5);

        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.Accepted, 2, 5, "report", Deleted: true), deleted);
        var stored = await Provider.Objects.ReadAsync("report.txt", CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal((true, 5L, 2L, 0, "report"), (stored.Deleted, stored.Fence, stored.Version, stored.Value.Length, stored.Resource));
    }

    [ProviderFact]
    public async Task A_delete_with_a_lower_fence_is_stale_and_leaves_the_object()
    {
        await WriteAsync("report.txt", "report", 7, "newer");

        var result = await DeleteAsync("report.txt", "report", 6);

        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.StaleFence, 1, 7, "report"), result);
        var stored = await Provider.Objects.ReadAsync("report.txt", CancellationToken.None);
        Assert.Equal((false, "newer"), (stored!.Deleted, Encoding.UTF8.GetString(stored.Value)));
    }

    [ProviderFact]
    public async Task A_delete_under_another_resource_is_refused_whatever_its_fence()
    {
        await WriteAsync("report.txt", "report", 2, "mine");

        var result = await DeleteAsync("report.txt", "other", long.MaxValue);

        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.WrongResource, 1, 2, "report"), result);
        Assert.False((await Provider.Objects.ReadAsync("report.txt", CancellationToken.None))!.Deleted);
    }

    [ProviderFact]
    public async Task A_writer_with_a_fence_below_the_tombstones_cannot_resurrect_the_key()
    {
        await WriteAsync("report.txt", "report", 3, "v1");
        await DeleteAsync("report.txt", "report", 5);

        var stale = await WriteAsync("report.txt", "report", 4, "from a paused ex-holder");

        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.StaleFence, 2, 5, "report", Deleted: true), stale);
        Assert.True((await Provider.Objects.ReadAsync("report.txt", CancellationToken.None))!.Deleted);
    }

    [ProviderFact]
    public async Task A_write_at_or_above_the_tombstones_fence_recreates_the_key_and_versions_go_on_counting()
    {
        await WriteAsync("report.txt", "report", 3, "v1");
        await DeleteAsync("report.txt", "report", 5);

        var recreated = await WriteAsync("report.txt", "report", 5, "v3");

        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.Accepted, 3, 5, "report"), recreated);
        var stored = await Provider.Objects.ReadAsync("report.txt", CancellationToken.None);
        Assert.Equal((false, 3L, "v3"), (stored!.Deleted, stored.Version, Encoding.UTF8.GetString(stored.Value)));
    }

    [ProviderFact]
    public async Task Deleting_a_key_never_written_binds_it_and_keeps_the_fence()
    {
        var deleted = await DeleteAsync("ghost", "ghost", 9);
        var stale = await WriteAsync("ghost", "ghost", 8, "late");
        var otherResource = await WriteAsync("ghost", "squatter", 100, "mine now");

        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.Accepted, 1, 9, "ghost", Deleted: true), deleted);
        Assert.Equal(FencedWriteOutcome.StaleFence, stale.Outcome);
        Assert.Equal(FencedWriteOutcome.WrongResource, otherResource.Outcome);
    }

    [ProviderFact]
    public async Task A_second_delete_raises_the_fence_of_the_tombstone()
    {
        await DeleteAsync("report.txt", "report", 4);

        var again = await DeleteAsync("report.txt", "report", 6);
        var stale = await WriteAsync("report.txt", "report", 5, "late");

        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.Accepted, 2, 6, "report", Deleted: true), again);
        Assert.Equal(FencedWriteOutcome.StaleFence, stale.Outcome);
    }

    [ProviderFact]
    public async Task Interleaved_writes_and_deletes_in_one_queue_never_accept_a_fence_below_an_accepted_one()
    {
        var random = new Random(20261202);
        for (var run = 0; run < 10; run++)
        {
            var key = $"mixed-{run}";
            var operations = Enumerable.Range(0, random.Next(5, 40)).Select(_ => (Fence: (long)random.Next(0, 20), Delete: random.Next(3) == 0)).ToArray();

            var results = await Task.WhenAll(operations.Select(o => o.Delete ? DeleteAsync(key, "lock", o.Fence) : WriteAsync(key, "lock", o.Fence, $"{o.Fence}")));

            long highest = -1;
            var accepted = 0;
            bool? lastDeleted = null;
            for (var i = 0; i < operations.Length; i++)
            {
                var shouldAccept = operations[i].Fence >= highest;
                Assert.Equal(shouldAccept ? FencedWriteOutcome.Accepted : FencedWriteOutcome.StaleFence, results[i].Outcome);
                if (shouldAccept)
                {
                    highest = operations[i].Fence;
                    accepted++;
                    lastDeleted = operations[i].Delete;
                }

                Assert.Equal((highest, (long)accepted), (results[i].HighestFence, results[i].Version));
            }

            var stored = await Provider.Objects.ReadAsync(key, CancellationToken.None);
            Assert.Equal((highest, (long)accepted, lastDeleted), (stored!.Fence, stored.Version, (bool?)stored.Deleted));
        }
    }

    [ProviderFact]
    public async Task A_listing_pages_through_the_live_keys_of_a_prefix_in_ordinal_order()
    {
        string[] keys = ["orders.b", "orders.B", "orders.a", "orders.a.1", "orders-x", "orders._", "ordersz", "other", "order"];
        foreach (var key in keys)
        {
            await WriteAsync(key, "lock", 1, key);
        }

        await DeleteAsync("orders.a.1", "lock", 2);

        var pages = new List<ObjectPage>();
        string? after = null;
        for (var i = 0; i < 10; i++)
        {
            var page = await Provider.Objects.ListAsync("orders", after, 2, CancellationToken.None);
            pages.Add(page);
            if (page.Next is null)
            {
                break;
            }

            after = page.Next;
        }

        // Ordinal: '-' < '.' < 'B' < '_' < 'a' < 'z'; the tombstone and the keys outside the prefix are left out.
        string[] expected = ["orders-x", "orders.B", "orders._", "orders.a", "orders.b", "ordersz"];
        Assert.Equal(expected, pages.SelectMany(p => p.Items).Select(i => i.Key));
        Assert.Equal([2, 2, 2], pages.Select(p => p.Items.Count));
        Assert.Equal(["orders.B", "orders.a", null], pages.Select(p => p.Next));
        Assert.Null((await Provider.Objects.ListAsync("orders", "ordersz", 2, CancellationToken.None)).Next);
    }

    [ProviderFact]
    public async Task A_listing_item_carries_version_fence_content_type_size_and_time()
    {
        await WriteAsync("cfg", "lock", 4, "hello");
        await WriteAsync("cfg", "lock", 6, "hello, world");

        var page = await Provider.Objects.ListAsync(string.Empty, null, 100, CancellationToken.None);

        var item = Assert.Single(page.Items);
        Assert.Equal(("cfg", 2L, 6L, "text/plain", 12L), (item.Key, item.Version, item.Fence, item.ContentType, item.Size));
        Assert.Equal((await Provider.Objects.ReadAsync("cfg", CancellationToken.None))!.UpdatedAtUtc, item.UpdatedAtUtc);
        Assert.Null(page.Next);
    }

    [ProviderFact]
    public async Task A_write_with_the_current_version_is_accepted_and_with_another_is_refused_with_the_current_one()
    {
        await WriteAsync("cfg", "lock", 4, "v1");

        var matching = await WriteAsync("cfg", "lock", 4, "v2", ObjectPrecondition.VersionIs(1));
        var stale = await WriteAsync("cfg", "lock", 4, "lost update", ObjectPrecondition.VersionIs(1));

        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.Accepted, 2, 4, "lock"), matching);
        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.PreconditionFailed, 2, 4, "lock"), stale);
        Assert.Equal("v2", Encoding.UTF8.GetString((await Provider.Objects.ReadAsync("cfg", CancellationToken.None))!.Value));
    }

    [ProviderFact]
    public async Task When_fence_and_version_both_fail_the_stale_fence_is_the_answer()
    {
        await WriteAsync("cfg", "lock", 9, "v1");

        var both = await WriteAsync("cfg", "lock", 8, "stale and wrong version", ObjectPrecondition.VersionIs(7));
        var fenceOnly = await DeleteAsync("cfg", "lock", 8, ObjectPrecondition.VersionIs(1));

        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.StaleFence, 1, 9, "lock"), both);
        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.StaleFence, 1, 9, "lock"), fenceOnly);
    }

    [ProviderFact]
    public async Task A_version_precondition_never_creates_a_key_nor_matches_a_tombstone()
    {
        var missing = await WriteAsync("cfg", "lock", 1, "v1", ObjectPrecondition.VersionIs(1));
        var anyMissing = await WriteAsync("cfg", "lock", 1, "v1", ObjectPrecondition.Exists);
        await WriteAsync("cfg", "lock", 1, "v1");
        await DeleteAsync("cfg", "lock", 1);
        var tombstone = await WriteAsync("cfg", "lock", 1, "v3", ObjectPrecondition.VersionIs(2));
        var deleteTombstone = await DeleteAsync("cfg", "lock", 1, ObjectPrecondition.Exists);

        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.PreconditionFailed, 0, 0, "lock", Deleted: true), missing);
        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.PreconditionFailed, 0, 0, "lock", Deleted: true), anyMissing);
        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.PreconditionFailed, 2, 1, "lock", Deleted: true), tombstone);
        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.PreconditionFailed, 2, 1, "lock", Deleted: true), deleteTombstone);
    }

    [ProviderFact]
    public async Task A_delete_with_the_current_version_is_accepted_and_with_another_is_refused()
    {
        await WriteAsync("cfg", "lock", 1, "v1");
        await WriteAsync("cfg", "lock", 1, "v2");

        var wrong = await DeleteAsync("cfg", "lock", 1, ObjectPrecondition.VersionIs(1));
        var right = await DeleteAsync("cfg", "lock", 1, ObjectPrecondition.VersionIs(2));

        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.PreconditionFailed, 2, 1, "lock"), wrong);
        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.Accepted, 3, 1, "lock", Deleted: true), right);
    }

    [ProviderFact]
    public async Task Create_only_succeeds_on_a_new_or_deleted_key_and_fails_on_a_live_one()
    {
        var created = await WriteAsync("cfg", "lock", 1, "v1", ObjectPrecondition.Absent);
        var again = await WriteAsync("cfg", "lock", 1, "v2", ObjectPrecondition.Absent);
        await DeleteAsync("cfg", "lock", 2);
        var recreated = await WriteAsync("cfg", "lock", 2, "v4", ObjectPrecondition.Absent);

        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.Accepted, 1, 1, "lock"), created);
        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.PreconditionFailed, 1, 1, "lock"), again);
        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.Accepted, 3, 2, "lock"), recreated);
    }

    [ProviderFact]
    public async Task Create_only_below_a_tombstones_fence_is_stale()
    {
        await DeleteAsync("cfg", "lock", 5);

        var result = await WriteAsync("cfg", "lock", 4, "late", ObjectPrecondition.Absent);

        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.StaleFence, 1, 5, "lock", Deleted: true), result);
    }

    [ProviderFact]
    public async Task Concurrent_compare_and_swap_writers_with_one_fence_each_win_exactly_one_version()
    {
        await WriteAsync("counter", "lock", 1, "0");

        // Every writer reads the version and writes the next; with If-Match, no two can both win from the same version.
        var wins = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            for (var attempt = 0; attempt < 20; attempt++)
            {
                var current = (await Provider.Objects.ReadAsync("counter", CancellationToken.None))!;
                var next = int.Parse(Encoding.UTF8.GetString(current.Value), System.Globalization.CultureInfo.InvariantCulture) + 1;
                var result = await WriteAsync("counter", "lock", 1, $"{next}", ObjectPrecondition.VersionIs(current.Version));
                if (result.Outcome == FencedWriteOutcome.Accepted)
                {
                    Interlocked.Increment(ref wins);
                    return;
                }

                Assert.Equal(FencedWriteOutcome.PreconditionFailed, result.Outcome);
            }
        })));

        var stored = await Provider.Objects.ReadAsync("counter", CancellationToken.None);
        Assert.Equal(($"{wins}", wins + 1L), (Encoding.UTF8.GetString(stored!.Value), stored.Version));
    }

    private Task<FencedWriteResult> WriteAsync(string key, string resource, long fence, string value, ObjectPrecondition precondition = default) =>
        Provider.Objects.WriteAsync(new FencedWrite(key, resource, fence, Encoding.UTF8.GetBytes(value), "text/plain", precondition), CancellationToken.None);

    private Task<FencedWriteResult> DeleteAsync(string key, string resource, long fence, ObjectPrecondition precondition = default) =>
        Provider.Objects.DeleteAsync(new FencedDelete(key, resource, fence, precondition), CancellationToken.None);
}
