using System.Net;
using Leasehold.Runtime.Membership;
using Leasehold.Storage.Sqlite;
using Leasehold.Runtime.Tests.Sqlite;
using Leasehold.Testing;

namespace Leasehold.Runtime.Tests.Membership;

public sealed class SqliteMembershipTableTests : IAsyncLifetime
{
    private const string Cluster = "table-tests";
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly SiloAddress A = Silo(1);
    private static readonly SiloAddress B = Silo(2);
    private readonly TempDatabase _file = new();
    private SqliteDatabase _database = null!;
    private SqliteMembershipTable _table = null!;

    public async Task InitializeAsync()
    {
        _database = await SqliteTestDatabase.OpenAsync(_file);
        _table = new SqliteMembershipTable(_database);
        await _table.InitializeAsync(Cluster, None);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _file.Dispose();
    }

    [Fact]
    public async Task A_new_table_is_empty_at_version_zero_and_initializing_again_keeps_it()
    {
        Assert.True(await _table.InsertRowAsync(Cluster, Row(A), 0, None));

        await _table.InitializeAsync(Cluster, None);

        var table = await _table.ReadAllAsync(Cluster, None);
        Assert.Equal(1, table.Version);
        Assert.Single(table.Rows);
        var unknown = await _table.ReadAllAsync("never-initialized", None);
        Assert.Equal(0, unknown.Version);
        Assert.Empty(unknown.Rows);
    }

    [Fact]
    public async Task An_insert_at_the_current_version_adds_the_row_and_moves_the_version_by_one()
    {
        var row = Row(A, SiloStatus.Joining) with { Suspicions = [new SuspicionVote(B, T0.AddSeconds(3))] };

        Assert.True(await _table.InsertRowAsync(Cluster, row, 0, None));

        var table = await _table.ReadAllAsync(Cluster, None);
        Assert.Equal(1, table.Version);
        var (stored, _) = Assert.Single(table.Rows);
        Assert.Equal(row.Silo, stored.Silo);
        Assert.Equal(row.Status, stored.Status);
        Assert.Equal(row.Suspicions, stored.Suspicions);
        Assert.Equal(row.StartedAtUtc, stored.StartedAtUtc);
        Assert.Equal(row.IAmAliveAtUtc, stored.IAmAliveAtUtc);
    }

    [Fact]
    public async Task An_insert_at_a_stale_version_loses_and_changes_nothing()
    {
        Assert.True(await _table.InsertRowAsync(Cluster, Row(A), 0, None));

        Assert.False(await _table.InsertRowAsync(Cluster, Row(B), 0, None));

        var table = await _table.ReadAllAsync(Cluster, None);
        Assert.Equal(1, table.Version);
        Assert.Equal([A], table.Rows.Select(r => r.Row.Silo));
    }

    [Fact]
    public async Task Inserting_a_row_that_exists_loses_even_at_the_current_version()
    {
        Assert.True(await _table.InsertRowAsync(Cluster, Row(A), 0, None));

        Assert.False(await _table.InsertRowAsync(Cluster, Row(A, SiloStatus.Active), 1, None));

        var table = await _table.ReadAllAsync(Cluster, None);
        Assert.Equal(1, table.Version);
        Assert.Equal(SiloStatus.Joining, Assert.Single(table.Rows).Row.Status);
    }

    [Fact]
    public async Task An_update_with_the_current_etag_and_version_replaces_status_and_suspicions_and_moves_both()
    {
        await _table.InsertRowAsync(Cluster, Row(A), 0, None);
        var (row, etag) = (await _table.ReadAllAsync(Cluster, None)).Rows[0];
        var suspected = row with { Status = SiloStatus.Active, Suspicions = [new SuspicionVote(B, T0.AddSeconds(5))] };

        Assert.True(await _table.UpdateRowAsync(Cluster, suspected, etag, 1, None));

        var table = await _table.ReadAllAsync(Cluster, None);
        Assert.Equal(2, table.Version);
        var (stored, newETag) = table.Rows[0];
        Assert.NotEqual(etag, newETag);
        Assert.Equal(SiloStatus.Active, stored.Status);
        Assert.Equal(suspected.Suspicions, stored.Suspicions);
    }

    [Fact]
    public async Task An_update_at_a_stale_version_loses_although_its_etag_is_current()
    {
        await _table.InsertRowAsync(Cluster, Row(A), 0, None);
        var (row, etag) = (await _table.ReadAllAsync(Cluster, None)).Rows[0];
        await _table.InsertRowAsync(Cluster, Row(B), 1, None);

        Assert.False(await _table.UpdateRowAsync(Cluster, row with { Status = SiloStatus.Active }, etag, 1, None));

        var table = await _table.ReadAllAsync(Cluster, None);
        Assert.Equal(2, table.Version);
        Assert.Equal((row, etag), table.Rows.Single(r => r.Row.Silo == A));
    }

    [Fact]
    public async Task An_update_with_a_stale_etag_loses_although_its_version_is_current()
    {
        await _table.InsertRowAsync(Cluster, Row(A), 0, None);
        var (row, staleETag) = (await _table.ReadAllAsync(Cluster, None)).Rows[0];
        Assert.True(await _table.UpdateRowAsync(Cluster, row with { Status = SiloStatus.Active }, staleETag, 1, None));

        Assert.False(await _table.UpdateRowAsync(Cluster, row with { Status = SiloStatus.Dead }, staleETag, 2, None));
        Assert.False(await _table.UpdateRowAsync(Cluster, row with { Status = SiloStatus.Dead }, "not-an-etag", 2, None));

        var table = await _table.ReadAllAsync(Cluster, None);
        Assert.Equal(2, table.Version);
        Assert.Equal(SiloStatus.Active, table.Rows[0].Row.Status);
    }

    [Fact]
    public async Task Of_two_racing_updates_of_one_row_from_the_same_read_exactly_one_wins_also_from_two_processes()
    {
        // A second SqliteDatabase on the same file is another process: its own writer, its own connection.
        await using var other = await SqliteTestDatabase.OpenAsync(_file);
        var otherTable = new SqliteMembershipTable(other);
        await _table.InsertRowAsync(Cluster, Row(A, SiloStatus.Active), 0, None);
        for (var round = 0; round < 20; round++)
        {
            var read = await _table.ReadAllAsync(Cluster, None);
            var (row, etag) = read.Rows[0];
            var mine = row with { Suspicions = [new SuspicionVote(B, T0.AddSeconds(round))] };
            var theirs = row with { Suspicions = [new SuspicionVote(Silo(3), T0.AddSeconds(round))] };

            var results = await Task.WhenAll(
                Task.Run(() => _table.UpdateRowAsync(Cluster, mine, etag, read.Version, None)),
                Task.Run(() => otherTable.UpdateRowAsync(Cluster, theirs, etag, read.Version, None)));

            Assert.Equal(1, results.Count(won => won));
            var after = await _table.ReadAllAsync(Cluster, None);
            Assert.Equal(read.Version + 1, after.Version);
            Assert.Equal(results[0] ? mine.Suspicions : theirs.Suspicions, after.Rows[0].Row.Suspicions);
        }
    }

    [Fact]
    public async Task Of_two_racing_updates_of_different_rows_from_the_same_version_exactly_one_wins()
    {
        await using var other = await SqliteTestDatabase.OpenAsync(_file);
        var otherTable = new SqliteMembershipTable(other);
        await _table.InsertRowAsync(Cluster, Row(A, SiloStatus.Active), 0, None);
        await _table.InsertRowAsync(Cluster, Row(B, SiloStatus.Active), 1, None);
        var read = await _table.ReadAllAsync(Cluster, None);
        var (a, aETag) = read.Rows.Single(r => r.Row.Silo == A);
        var (b, bETag) = read.Rows.Single(r => r.Row.Silo == B);

        // A views a and b as each other's only voters: both cannot be declared dead from one view.
        var results = await Task.WhenAll(
            Task.Run(() => _table.UpdateRowAsync(Cluster, a with { Status = SiloStatus.Dead }, aETag, read.Version, None)),
            Task.Run(() => otherTable.UpdateRowAsync(Cluster, b with { Status = SiloStatus.Dead }, bETag, read.Version, None)));

        Assert.Equal(1, results.Count(won => won));
        var after = await _table.ReadAllAsync(Cluster, None);
        Assert.Equal(read.Version + 1, after.Version);
        Assert.Single(after.Rows, r => r.Row.Status == SiloStatus.Dead);
    }

    [Fact]
    public async Task I_am_alive_moves_the_heartbeat_but_neither_the_version_nor_the_etag()
    {
        await _table.InsertRowAsync(Cluster, Row(A, SiloStatus.Active), 0, None);
        var before = await _table.ReadAllAsync(Cluster, None);

        await _table.UpdateIAmAliveAsync(Cluster, A, T0.AddMinutes(1), None);

        var after = await _table.ReadAllAsync(Cluster, None);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Rows[0].ETag, after.Rows[0].ETag);
        Assert.Equal(T0.AddMinutes(1), after.Rows[0].Row.IAmAliveAtUtc);
        Assert.True(await _table.UpdateRowAsync(Cluster, before.Rows[0].Row with { Status = SiloStatus.Dead }, before.Rows[0].ETag, before.Version, None));
    }

    [Fact]
    public async Task An_update_from_an_older_read_does_not_move_the_heartbeat_back_and_a_dead_row_takes_no_heartbeat()
    {
        await _table.InsertRowAsync(Cluster, Row(A, SiloStatus.Active), 0, None);
        var read = await _table.ReadAllAsync(Cluster, None);
        await _table.UpdateIAmAliveAsync(Cluster, A, T0.AddMinutes(1), None);

        Assert.True(await _table.UpdateRowAsync(Cluster, read.Rows[0].Row with { Status = SiloStatus.Dead }, read.Rows[0].ETag, read.Version, None));
        await _table.UpdateIAmAliveAsync(Cluster, A, T0.AddMinutes(2), None);

        var row = (await _table.ReadAllAsync(Cluster, None)).Rows[0].Row;
        Assert.Equal(SiloStatus.Dead, row.Status);
        Assert.Equal(T0.AddMinutes(1), row.IAmAliveAtUtc);
    }

    [Fact]
    public async Task Clusters_have_separate_versions_and_rows()
    {
        await _table.InitializeAsync("other", None);
        await _table.InsertRowAsync(Cluster, Row(A), 0, None);

        Assert.True(await _table.InsertRowAsync("other", Row(A), 0, None));

        Assert.Equal(1, (await _table.ReadAllAsync(Cluster, None)).Version);
        Assert.Equal(1, (await _table.ReadAllAsync("other", None)).Version);
    }

    private static SiloAddress Silo(int port) => new(new IPEndPoint(IPAddress.Loopback, 11110 + port), T0.ToUnixTimeMilliseconds());

    private static MembershipRow Row(SiloAddress silo, SiloStatus status = SiloStatus.Joining) => new(silo, status, [], T0, T0);
}
