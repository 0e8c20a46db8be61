using Leasehold.Storage.Sqlite;
using Leasehold.Storage;
using Leasehold.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Orleans.Messaging;

namespace Leasehold.Storage.Tests.Providers;

/// <summary>The SQLite provider on a fresh temporary file (owned: deleted on dispose), or on the file of another instance.</summary>
internal sealed class SqliteProviderUnderTest : ProviderUnderTest
{
    private readonly TempDatabase? _ownedFile;
    private readonly TempDatabase _file;
    private readonly int _maxBatchSize;

    private SqliteProviderUnderTest(TempDatabase file, bool owned, int maxBatchSize, SqliteDatabase database)
    {
        _file = file;
        _ownedFile = owned ? file : null;
        _maxBatchSize = maxBatchSize;
        Database = database;
        Objects = new SqliteFencedObjectStore(database);
        Secrets = new SqliteClusterSecretStore(database);
        Health = new SqliteStorageHealth(database);
    }

    public SqliteDatabase Database { get; }

    public override IFencedObjectStore Objects { get; }

    public override IClusterSecretStore Secrets { get; }

    public override IStorageHealth Health { get; }

    public override global::Orleans.IMembershipTable OrleansMembership(string clusterId) =>
        new SqliteOrleansMembershipTable(Database, OrleansServices.Cluster(clusterId));

    public override IGatewayListProvider OrleansGateways(string clusterId) =>
        new SqliteGatewayListProvider(Database, OrleansServices.Cluster(clusterId), OrleansServices.Gateway);

    public override global::Orleans.Storage.IGrainStorage OrleansGrainStorage(string name) =>
        new SqliteOrleansGrainStorage(name, Database, OrleansServices.StorageSerializer, OrleansServices.Activators, OrleansServices.Cluster(OrleansServices.ClusterId));

    public override long Commits => Database.Commits.Commits;

    public override long CommittedWrites => Database.Commits.CommittedWrites;

    public static Task<SqliteProviderUnderTest> OpenAsync(int maxBatchSize = 256) => OpenAsync(new TempDatabase(), owned: true, maxBatchSize);

    public override Task<int> InsertSecretAsync(string name, CancellationToken cancellationToken = default) =>
        Database.Commits.EnqueueAsync(c => InsertSecret(c, name), cancellationToken);

    public override Task<int> InsertSecretThenThrowAsync(string name, Exception exception) =>
        Database.Commits.EnqueueAsync<int>(c =>
        {
            InsertSecret(c, name);
            throw exception;
        }, CancellationToken.None);

    public override Task<int> SabotageCommitAsync() =>
        Database.Commits.EnqueueAsync(c =>
        {
            // Ends the batch's transaction under the writer's feet: nothing before it in the batch survives,
            // and the writer's next step on the transaction fails.
            using var command = c.CreateCommand();
            command.CommandText = "ROLLBACK";
            return command.ExecuteNonQuery();
        }, CancellationToken.None);

    public override bool IsConstraintViolation(Exception exception) => exception is SqliteException { SqliteErrorCode: 19 };

    public override Task<string[]> SecretNamesAsync() => Task.FromResult(Database.Read(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM cluster_secrets ORDER BY name";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names.ToArray();
    }));

    public override async Task<WriterHold> HoldWriterAsync()
    {
        var hold = new WriterHold();
        // From a thread of its own: a writer that finds the committer role free commits inline, on its own thread.
        _ = Task.Run(() => Database.Commits.EnqueueAsync(_ => hold.Wait(), CancellationToken.None));
        await hold.Entered.WaitAsync(WriterHold.Timeout);
        return hold;
    }

    public override async Task<ProviderUnderTest> OpenAnotherAsync() => await OpenAsync(_file, owned: false, _maxBatchSize);

    public override async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        _ownedFile?.Dispose();
    }

    private static async Task<SqliteProviderUnderTest> OpenAsync(TempDatabase file, bool owned, int maxBatchSize)
    {
        var options = Options.Create(new StorageOptions { ConnectionString = file.ConnectionString, MaxBatchSize = maxBatchSize });
        var database = new SqliteDatabase(options, TimeProvider.System);
        await database.InitializeAsync(CancellationToken.None);
        return new SqliteProviderUnderTest(file, owned, maxBatchSize, database);
    }

    private static int InsertSecret(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO cluster_secrets (name, value, created_at) VALUES ($name, x'00', '')";
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteNonQuery();
    }
}
