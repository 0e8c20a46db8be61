using Leasehold.Runtime.Hosting;
using Leasehold.Runtime.Membership;
using Leasehold.Storage.Sqlite;
using Leasehold.Storage;
using Leasehold.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Leasehold.Runtime.Tests.Membership;

/// <summary>
/// Membership services of several in-process silos on one real SQLite membership table, all on one
/// <see cref="FakeTimeProvider"/>. Time moves only in <see cref="AdvanceUntilAsync(Func{Task{bool}}, string)"/>,
/// in small steps, until what the test waits for has happened (bounded in real time).
/// </summary>
internal sealed class MembershipCluster : IAsyncDisposable
{
    public const string ClusterId = "membership-tests";

    /// <summary>One probe round a second; a silo is suspected after two missed rounds; votes count for 20 s.</summary>
    public static MembershipOptions Options() => new()
    {
        ProbeInterval = TimeSpan.FromSeconds(1),
        ProbeTimeout = TimeSpan.FromSeconds(1),
        MissedProbesLimit = 2,
        ProbedSilos = 3,
        SuspicionWindow = TimeSpan.FromSeconds(20),
        TableRefreshInterval = TimeSpan.FromSeconds(1),
        IAmAliveInterval = TimeSpan.FromSeconds(1),
    };

    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan RealTimeout = TimeSpan.FromSeconds(10);
    private readonly TempDatabase _file;
    private readonly SqliteDatabase _database;
    private readonly List<MembershipTestSilo> _silos = [];

    private MembershipCluster(TempDatabase file, SqliteDatabase database)
    {
        _file = file;
        _database = database;
        Table = new SqliteMembershipTable(database);
    }

    public FakeTimeProvider Time { get; } = new();

    public SqliteMembershipTable Table { get; }

    public static async Task<MembershipCluster> StartAsync()
    {
        var file = new TempDatabase();
        var database = new SqliteDatabase(Microsoft.Extensions.Options.Options.Create(new StorageOptions { ConnectionString = file.ConnectionString }), TimeProvider.System);
        await database.InitializeAsync(CancellationToken.None);
        return new MembershipCluster(file, database);
    }

    /// <summary>A silo on <c>127.0.0.1:<paramref name="port"/></c>, generation = now, not yet joined.</summary>
    public MembershipTestSilo NewSilo(int port, MembershipOptions? options = null)
    {
        var table = new RecordingMembershipTable(Table);
        var prober = new FakeSiloProber();
        var failStop = new RecordingFailStop(table);
        var cluster = new ClusterOptions { ClusterId = ClusterId, SiloAddress = "127.0.0.1", SiloPort = port };
        var service = new ClusterMembershipService(table, prober, failStop, Microsoft.Extensions.Options.Options.Create(options ?? Options()),
            Microsoft.Extensions.Options.Options.Create(cluster), Time, NullLogger<ClusterMembershipService>.Instance);
        var silo = new MembershipTestSilo(service, prober, failStop, table);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>A silo that has joined (every probe of the silos already there answered).</summary>
    public async Task<MembershipTestSilo> JoinAsync(int port)
    {
        var silo = NewSilo(port);
        await silo.Service.JoinAsync(CancellationToken.None).WaitAsync(RealTimeout);
        return silo;
    }

    public Task<MembershipTableSnapshot> ReadAsync() => Table.ReadAllAsync(ClusterId, CancellationToken.None);

    public async Task<MembershipRow> RowAsync(SiloAddress silo) => (await ReadAsync()).Rows.Single(r => r.Row.Silo == silo).Row;

    /// <summary>Moves time forward in small steps until <paramref name="condition"/> holds; fails after 10 s of real time.</summary>
    public Task AdvanceUntilAsync(Func<Task<bool>> condition, string because) =>
        Eventually.True(async () =>
        {
            Time.Advance(Step);
            return await condition();
        }, RealTimeout, because);

    public Task AdvanceUntilAsync(Func<bool> condition, string because) => AdvanceUntilAsync(() => Task.FromResult(condition()), because);

    /// <summary>Moves time forward until <paramref name="silo"/> has finished <paramref name="rounds"/> more probe rounds.</summary>
    public Task AdvanceProbeRoundsAsync(MembershipTestSilo silo, int rounds)
    {
        var target = silo.Service.ProbeRounds + rounds;
        return AdvanceUntilAsync(() => silo.Service.ProbeRounds >= target, $"{silo.Address} finishes {rounds} more probe rounds");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.Service.DisposeAsync();
        }

        await _database.DisposeAsync();
        _file.Dispose();
    }
}
