using System.Text;
using Leasehold.Storage;
using Leasehold.Storage.Tests.Providers;

namespace Leasehold.Storage.Tests.Contracts;

/// <summary>
/// The fenced write: accepted only when its fence is at least the key's highest and the key is bound to
/// the same resource, checked and applied by one conditional statement, also against other writers.
/// </summary>
public abstract class FencedObjectStoreContract : ProviderContract
{
    [ProviderFact]
    public async Task The_first_write_to_a_key_is_accepted_and_binds_it_to_the_resource()
    {
        var result = await WriteAsync("config", "lock-a", 3, "v1");

        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.Accepted, 1, 3, "lock-a"), result);
        var stored = await Provider.Objects.ReadAsync("config", CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(("lock-a", 3L, 1L, "v1", "text/plain"), (stored.Resource, stored.Fence, stored.Version, Encoding.UTF8.GetString(stored.Value), stored.ContentType));
    }

    [ProviderFact]
    public async Task A_write_with_a_fence_equal_to_or_above_the_highest_is_accepted()
    {
        await WriteAsync("config", "lock-a", 5, "v1");

        var equal = await WriteAsync("config", "lock-a", 5, "v2");
        var higher = await WriteAsync("config", "lock-a", 9, "v3");

        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.Accepted, 2, 5, "lock-a"), equal);
        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.Accepted, 3, 9, "lock-a"), higher);
        Assert.Equal("v3", await ReadValueAsync("config"));
    }

    [ProviderFact]
    public async Task A_write_with_a_lower_fence_is_rejected_as_stale_and_leaves_the_object_unchanged()
    {
        await WriteAsync("config", "lock-a", 7, "newer");

        var result = await WriteAsync("config", "lock-a", 6, "older");

        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.StaleFence, 1, 7, "lock-a"), result);
        var stored = await Provider.Objects.ReadAsync("config", CancellationToken.None);
        Assert.Equal(("newer", 7L, 1L), (Encoding.UTF8.GetString(stored!.Value), stored.Fence, stored.Version));
    }

    [ProviderFact]
    public async Task A_write_under_another_resource_is_rejected_whatever_its_fence()
    {
        await WriteAsync("config", "lock-a", 2, "mine");

        var result = await WriteAsync("config", "lock-b", long.MaxValue, "theirs");

        Assert.Equal(new FencedWriteResult(FencedWriteOutcome.WrongResource, 1, 2, "lock-a"), result);
        Assert.Equal("mine", await ReadValueAsync("config"));
    }

    [ProviderFact]
    public async Task A_key_never_written_reads_as_null()
    {
        Assert.Null(await Provider.Objects.ReadAsync("missing", CancellationToken.None));
    }

    [ProviderFact]
    public async Task Concurrent_writes_to_one_key_leave_the_value_of_the_highest_fence()
    {
        var writes = Enumerable.Range(1, 50).Reverse()
            .Select(fence => Task.Run(() => WriteAsync("contended", "lock-a", fence, $"fence-{fence}")))
            .ToArray();
        var results = await Task.WhenAll(writes);

        var stored = await Provider.Objects.ReadAsync("contended", CancellationToken.None);
        Assert.Equal((50L, "fence-50"), (stored!.Fence, Encoding.UTF8.GetString(stored.Value)));
        Assert.Equal(results.Count(r => r.Outcome == FencedWriteOutcome.Accepted), stored.Version);
    }

    [ProviderFact]
    public async Task Whatever_fences_arrive_in_one_queue_the_stored_fence_is_the_highest_and_accepted_fences_never_decrease()
    {
        var random = new Random(20260101);
        for (var run = 0; run < 20; run++)
        {
            var key = $"random-{run}";
            var fences = Enumerable.Range(0, random.Next(1, 40)).Select(_ => (long)random.Next(-5, 30)).ToArray();

            // Queued in order without waiting: the commit queue applies them in that order, mostly in one transaction.
            var results = await Task.WhenAll(fences.Select(fence => WriteAsync(key, "lock", fence, $"{fence}")));

            var accepted = new List<long>();
            for (var i = 0; i < fences.Length; i++)
            {
                var shouldAccept = accepted.Count == 0 || fences[i] >= accepted.Max();
                Assert.Equal(shouldAccept ? FencedWriteOutcome.Accepted : FencedWriteOutcome.StaleFence, results[i].Outcome);
                if (shouldAccept)
                {
                    accepted.Add(fences[i]);
                }

                Assert.Equal((accepted.Max(), (long)accepted.Count), (results[i].HighestFence, results[i].Version));
            }

            var stored = await Provider.Objects.ReadAsync(key, CancellationToken.None);
            Assert.Equal((fences.Max(), (long)accepted.Count), (stored!.Fence, stored.Version));
        }
    }

    [ProviderFact]
    public async Task Writers_in_two_processes_never_get_a_lower_fence_accepted_after_a_higher_one()
    {
        // Two silos writing one key (an ex-owner that has not noticed the shard moved): the database orders them.
        await using var other = await Provider.OpenAnotherAsync();
        var stores = new[] { Provider.Objects, other.Objects };
        var random = new Random(7);
        var fences = Enumerable.Range(0, 200).Select(_ => (long)random.Next(0, 100)).ToArray();

        var results = await Task.WhenAll(fences.Select((fence, i) => Task.Run(() =>
            stores[i % 2].WriteAsync(new FencedWrite("shared", "lock", fence, Encoding.UTF8.GetBytes($"{fence}"), "text/plain"), CancellationToken.None))));

        // Each accepted write produced a distinct version; in version order, fences never go down.
        var accepted = fences.Zip(results).Where(p => p.Second.Outcome == FencedWriteOutcome.Accepted).OrderBy(p => p.Second.Version).ToArray();
        Assert.Equal(Enumerable.Range(1, accepted.Length).Select(v => (long)v), accepted.Select(p => p.Second.Version));
        for (var i = 1; i < accepted.Length; i++)
        {
            Assert.True(accepted[i].First >= accepted[i - 1].First, $"fence {accepted[i].First} accepted after {accepted[i - 1].First}");
        }

        Assert.All(fences.Zip(results).Where(p => p.Second.Outcome != FencedWriteOutcome.Accepted), p => Assert.True(p.First < p.Second.HighestFence));
        var stored = await Provider.Objects.ReadAsync("shared", CancellationToken.None);
        Assert.Equal((fences.Max(), (long)accepted.Length, $"{fences.Max()}"), (stored!.Fence, stored.Version, Encoding.UTF8.GetString(stored.Value)));
    }

    private Task<FencedWriteResult> WriteAsync(string key, string resource, long fence, string value) =>
        Provider.Objects.WriteAsync(new FencedWrite(key, resource, fence, Encoding.UTF8.GetBytes(value), "text/plain"), CancellationToken.None);

    private async Task<string?> ReadValueAsync(string key) =>
        await Provider.Objects.ReadAsync(key, CancellationToken.None) is { } stored ? Encoding.UTF8.GetString(stored.Value) : null;
}
