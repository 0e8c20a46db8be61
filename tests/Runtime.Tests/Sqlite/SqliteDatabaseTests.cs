using System.Text;
using Leasehold.Storage.Sqlite;
using Leasehold.Storage;
using Leasehold.Runtime.Storage;
using Leasehold.Runtime.Tests.TestGrains;
using Leasehold.Testing;

namespace Leasehold.Runtime.Tests.Sqlite;

public sealed class SqliteDatabaseTests
{
    [Fact]
    public async Task Everything_acknowledged_is_still_there_after_the_file_is_reopened()
    {
        using var file = new TempDatabase();
        var grains = Enumerable.Range(0, 30).Select(i => new GrainId("Tests.ICounterGrain", $"counter-{i}")).ToArray();
        string[] etags;
        byte[] secret;
        await using (var first = await SqliteTestDatabase.OpenAsync(file))
        {
            var storage = new SqliteGrainStorage(first);
            var objects = new SqliteFencedObjectStore(first);
            etags = await Task.WhenAll(grains.Select((grain, i) =>
                storage.WriteAsync(grain, new StoredCounter(i), null, TestJsonContext.Default.StoredCounter, CancellationToken.None)));
            await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
                objects.WriteAsync(new FencedWrite($"object-{i}", "lock", i, Encoding.UTF8.GetBytes($"value-{i}"), "text/plain"), CancellationToken.None)));
            secret = await new SqliteClusterSecretStore(first).GetOrAddAsync("key", new byte[] { 1, 2, 3 }, CancellationToken.None);
        }

        await using var reopened = await SqliteTestDatabase.OpenAsync(file);

        var reopenedStorage = new SqliteGrainStorage(reopened);
        for (var i = 0; i < grains.Length; i++)
        {
            var stored = await reopenedStorage.ReadAsync(grains[i], TestJsonContext.Default.StoredCounter, CancellationToken.None);
            Assert.Equal(new StoredState<StoredCounter>(new StoredCounter(i), etags[i]), stored);
        }

        var reopenedObjects = new SqliteFencedObjectStore(reopened);
        for (var i = 0; i < 30; i++)
        {
            var stored = await reopenedObjects.ReadAsync($"object-{i}", CancellationToken.None);
            Assert.Equal(($"value-{i}", (long)i), (Encoding.UTF8.GetString(stored!.Value), stored.Fence));
        }

        Assert.Equal(secret, await new SqliteClusterSecretStore(reopened).GetOrAddAsync("key", new byte[] { 9 }, CancellationToken.None));
    }

    [Fact]
    public async Task A_cluster_secret_is_created_once_and_every_later_candidate_gets_the_first()
    {
        using var file = new TempDatabase();
        await using var database = await SqliteTestDatabase.OpenAsync(file);
        var secrets = new SqliteClusterSecretStore(database);

        var answers = await Task.WhenAll(Enumerable.Range(1, 10).Select(i =>
            Task.Run(() => secrets.GetOrAddAsync("signing", new[] { (byte)i }, CancellationToken.None))));

        Assert.Single(answers.Select(a => a[0]).Distinct());
    }
}
