using Leasehold.Storage.Postgres;
using Leasehold.Storage;
using Leasehold.Testing;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Messaging;

namespace Leasehold.Storage.Tests.Providers;

/// <summary>The PostgreSQL provider on a fresh schema of the test server (owned: dropped on dispose), or on the schema of another instance.</summary>
internal sealed class PostgresProviderUnderTest : ProviderUnderTest
{
    private readonly PostgresSchemaLease? _ownedSchema;
    private readonly string _connectionString;
    private readonly int _maxBatchSize;

    private PostgresProviderUnderTest(string connectionString, PostgresSchemaLease? ownedSchema, int maxBatchSize, PostgresDatabase database)
    {
        _connectionString = connectionString;
        _ownedSchema = ownedSchema;
        _maxBatchSize = maxBatchSize;
        Database = database;
        Objects = new PostgresFencedObjectStore(database);
        Secrets = new PostgresClusterSecretStore(database);
        Health = new PostgresStorageHealth(database);
    }

    public PostgresDatabase Database { get; }

    public override IFencedObjectStore Objects { get; }

    public override IClusterSecretStore Secrets { get; }

    public override IStorageHealth Health { get; }

    public override global::Orleans.IMembershipTable OrleansMembership(string clusterId) =>
        new PostgresOrleansMembershipTable(Database, OrleansServices.Cluster(clusterId));

    public override IGatewayListProvider OrleansGateways(string clusterId) =>
        new PostgresGatewayListProvider(Database, OrleansServices.Cluster(clusterId), OrleansServices.Gateway);

    public override global::Orleans.Storage.IGrainStorage OrleansGrainStorage(string name) =>
        new PostgresOrleansGrainStorage(name, Database, OrleansServices.StorageSerializer, OrleansServices.Activators, OrleansServices.Cluster(OrleansServices.ClusterId));

    public override long Commits => Database.Commits.Commits;

    public override long CommittedWrites => Database.Commits.CommittedWrites;

    /// <summary>The schema's connection string (search path set), for a second client or a gate in front of the server.</summary>
    public string ConnectionString => _connectionString;

    public static async Task<PostgresProviderUnderTest> OpenAsync(int maxBatchSize = 256)
    {
        var schema = await PostgresServer.CreateSchemaAsync();
        try
        {
            return await OpenAsync(schema.ConnectionString, schema, maxBatchSize);
        }
        catch
        {
            await schema.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens the provider on an existing schema through <paramref name="connectionString"/> (not owned).</summary>
    public static async Task<PostgresProviderUnderTest> OpenAsync(string connectionString, PostgresSchemaLease? ownedSchema, int maxBatchSize)
    {
        var options = Options.Create(new StorageOptions { Provider = "Postgres", ConnectionString = connectionString, MaxBatchSize = maxBatchSize });
        var database = new PostgresDatabase(options, TimeProvider.System);
        try
        {
            await database.InitializeAsync(CancellationToken.None);
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }

        return new PostgresProviderUnderTest(connectionString, ownedSchema, maxBatchSize, database);
    }

    public override Task<int> InsertSecretAsync(string name, CancellationToken cancellationToken = default) =>
        Database.Commits.EnqueueAsync(InsertSecret(name), cancellationToken);

    /// <summary>An insert of a <c>cluster_secrets</c> row as a batched write (a duplicate name is a unique violation on the server).</summary>
    public static PostgresWrite<int> InsertSecret(string name) =>
        new(
            () =>
            [
                new NpgsqlBatchCommand("INSERT INTO cluster_secrets (name, value, created_at) VALUES (@name, '\\x00'::bytea, now()) RETURNING name")
                {
                    Parameters = { new("name", name) },
                },
            ],
            rows => rows.Of(0).Count);

    public override Task<int> InsertSecretThenThrowAsync(string name, Exception exception) =>
        Database.Commits.EnqueueAsync<int>(async c =>
        {
            await InsertSecretAsync(c, name);
            throw exception;
        }, CancellationToken.None);

    /// <summary>A callback (run on its own inside the batch's transaction), so the other writes of its batch share its failed commit.</summary>
    public override Task<int> SabotageCommitAsync() =>
        Database.Commits.EnqueueAsync(async c =>
        {
            // A deferred unique constraint is checked at COMMIT: both inserts succeed, the commit fails.
            await using var command = c.CreateCommand();
            command.CommandText = """
                CREATE TABLE IF NOT EXISTS commit_trap (id integer UNIQUE DEFERRABLE INITIALLY DEFERRED);
                INSERT INTO commit_trap (id) VALUES (1), (1);
                """;
            return await command.ExecuteNonQueryAsync();
        }, CancellationToken.None);

    public override bool IsConstraintViolation(Exception exception) => exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override Task<string[]> SecretNamesAsync() =>
        Database.ReadAsync(async (connection, ct) =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM cluster_secrets ORDER BY name COLLATE \"C\"";
            await using var reader = await command.ExecuteReaderAsync(ct);
            var names = new List<string>();
            while (await reader.ReadAsync(ct))
            {
                names.Add(reader.GetString(0));
            }

            return names.ToArray();
        }, CancellationToken.None);

    public override async Task<WriterHold> HoldWriterAsync()
    {
        var hold = new WriterHold();
        _ = Database.Commits.EnqueueAsync(_ => hold.WaitAsync(), CancellationToken.None);
        await hold.Entered.WaitAsync(WriterHold.Timeout);
        return hold;
    }

    public override async Task<ProviderUnderTest> OpenAnotherAsync() => await OpenAsync(_connectionString, null, _maxBatchSize);

    public override async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        if (_ownedSchema is not null)
        {
            await _ownedSchema.DisposeAsync();
        }
    }

    private static async Task<int> InsertSecretAsync(NpgsqlConnection connection, string name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO cluster_secrets (name, value, created_at) VALUES (@name, '\\x00'::bytea, now())";
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteNonQueryAsync();
    }
}
