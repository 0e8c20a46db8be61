using FsCheck.Xunit;
using Leasehold.Storage.Tests.Providers;

namespace Leasehold.Storage.Tests.Sqlite;

/// <summary>
/// The fence check as a property on SQLite: any fences at all (FsCheck's, extremes and duplicates included, shrunk on
/// failure), where the contract's <c>Whatever_fences_arrive_in_one_queue…</c> draws a few hundred small ones from a seed.
/// </summary>
public sealed class SqliteFencedObjectStoreProperties(SqliteProviderFixture fixture) : IClassFixture<SqliteProviderFixture>
{
    [Property(MaxTest = 200)]
    public async Task Whatever_fences_are_written_the_stored_fence_is_the_highest_accepted_and_accepted_fences_never_decrease(long[] fences)
    {
        var store = fixture.Provider.Objects;
        var key = Guid.NewGuid().ToString("N");

        // Queued in order without waiting: the commit queue applies them in that order, mostly in one transaction.
        var writes = fences.Select(fence => store.WriteAsync(new FencedWrite(key, "lock", fence, new byte[] { 1 }, "application/octet-stream"), CancellationToken.None)).ToArray();
        var results = await Task.WhenAll(writes);

        var accepted = new List<long>();
        for (var i = 0; i < fences.Length; i++)
        {
            var shouldAccept = accepted.Count == 0 || fences[i] >= accepted.Max();
            Assert.Equal(shouldAccept ? FencedWriteOutcome.Accepted : FencedWriteOutcome.StaleFence, results[i].Outcome);
            if (results[i].Outcome == FencedWriteOutcome.Accepted)
            {
                Assert.All(accepted, earlier => Assert.True(fences[i] >= earlier, $"fence {fences[i]} accepted after {earlier}"));
                accepted.Add(fences[i]);
            }

            Assert.Equal(accepted.Max(), results[i].HighestFence);
            Assert.Equal(accepted.Count, results[i].Version);
        }

        var stored = await store.ReadAsync(key, CancellationToken.None);
        if (fences.Length == 0)
        {
            Assert.Null(stored);
            return;
        }

        Assert.Equal(accepted.Max(), stored!.Fence);
        Assert.Equal(fences.Max(), stored.Fence);
        Assert.Equal(accepted.Count, stored.Version);
    }
}
