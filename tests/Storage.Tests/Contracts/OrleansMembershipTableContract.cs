using System.Net;
using Leasehold.Storage.Tests.Providers;
using Orleans;
using Orleans.Runtime;
using OrleansMembershipTable = Orleans.IMembershipTable;

namespace Leasehold.Storage.Tests.Contracts;

/// <summary>
/// Orleans' membership table on our databases, held to what Orleans' membership protocol relies on: every insert and
/// update is a compare-and-swap of the row and the table version together (the caller proposes <c>read.Version.Next()</c>),
/// of racing changes from one read exactly one wins, and a heartbeat moves nothing but the heartbeat.
/// </summary>
public abstract class OrleansMembershipTableContract : ProviderContract
{
    private const string Cluster = OrleansServices.ClusterId;
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTime T0 = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly SiloAddress A = Silo(1);
    private static readonly SiloAddress B = Silo(2);
    private static readonly SiloAddress C = Silo(3);

    private OrleansMembershipTable Table { get; set; } = null!;

    protected override async Task OnOpenedAsync()
    {
        Table = Provider.OrleansMembership(Cluster);
        await Table.InitializeMembershipTableAsync(tryInitTableVersion: true, None);
    }

    [ProviderFact]
    public async Task A_new_table_reads_empty_at_version_zero_with_a_version_etag()
    {
        var table = await Table.ReadAllAsync(None);

        Assert.Empty(table.Members);
        Assert.Equal(0, table.Version.Version);
        Assert.False(string.IsNullOrEmpty(table.Version.VersionEtag));
    }

    [ProviderFact]
    public async Task Initializing_again_keeps_the_rows_and_the_version()
    {
        Assert.True(await InsertAsync(Entry(A)));
        var before = await Table.ReadAllAsync(None);

        await Provider.OrleansMembership(Cluster).InitializeMembershipTableAsync(tryInitTableVersion: true, None);

        var after = await Table.ReadAllAsync(None);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal([A], after.Members.Select(m => m.Item1.SiloAddress));
    }

    [ProviderFact]
    public async Task An_insert_at_the_next_version_stores_every_field_and_moves_the_version_and_its_etag()
    {
        var read = await Table.ReadAllAsync(None);
        var entry = Entry(A, SiloStatus.Joining);
        entry.RoleName = "role";
        entry.UpdateZone = 3;
        entry.FaultZone = 4;
        entry.AddSuspector(B, T0.AddSeconds(7));
        entry.AddSuspector(C, T0.AddSeconds(8));

        Assert.True(await Table.InsertRowAsync(entry, read.Version.Next(), None));

        var all = await Table.ReadAllAsync(None);
        Assert.Equal(1, all.Version.Version);
        Assert.NotEqual(read.Version.VersionEtag, all.Version.VersionEtag);
        var (stored, etag) = Assert.Single(all.Members);
        Assert.False(string.IsNullOrEmpty(etag));
        AssertSameEntry(entry, stored);

        var row = await Table.ReadRowAsync(A, None);
        Assert.Equal(all.Version, row.Version);
        Assert.Equal(etag, Assert.Single(row.Members).Item2);
        AssertSameEntry(entry, row.Members[0].Item1);
    }

    [ProviderFact]
    public async Task Reading_the_row_of_an_unknown_silo_returns_the_version_and_no_row()
    {
        Assert.True(await InsertAsync(Entry(A)));

        var row = await Table.ReadRowAsync(B, None);

        Assert.Empty(row.Members);
        Assert.Equal((await Table.ReadAllAsync(None)).Version, row.Version);
    }

    [ProviderFact]
    public async Task An_insert_from_a_stale_read_loses_and_changes_nothing()
    {
        var stale = (await Table.ReadAllAsync(None)).Version;
        Assert.True(await Table.InsertRowAsync(Entry(A), stale.Next(), None));
        var current = await Table.ReadAllAsync(None);

        Assert.False(await Table.InsertRowAsync(Entry(B), stale.Next(), None));
        // The right number with the old ETag is still stale.
        Assert.False(await Table.InsertRowAsync(Entry(B), new TableVersion(current.Version.Version + 1, stale.VersionEtag), None));
        // The current ETag with a number that is not the next one is refused too.
        Assert.False(await Table.InsertRowAsync(Entry(B), new TableVersion(current.Version.Version + 2, current.Version.VersionEtag), None));

        var after = await Table.ReadAllAsync(None);
        Assert.Equal(current.Version, after.Version);
        Assert.Equal([A], after.Members.Select(m => m.Item1.SiloAddress));
    }

    [ProviderFact]
    public async Task Inserting_a_row_that_exists_loses_even_at_the_next_version()
    {
        Assert.True(await InsertAsync(Entry(A, SiloStatus.Joining)));
        var read = await Table.ReadAllAsync(None);

        Assert.False(await Table.InsertRowAsync(Entry(A, SiloStatus.Active), read.Version.Next(), None));

        var after = await Table.ReadAllAsync(None);
        Assert.Equal(read.Version, after.Version);
        Assert.Equal(SiloStatus.Joining, Assert.Single(after.Members).Item1.Status);
    }

    [ProviderFact]
    public async Task An_update_with_the_current_etag_at_the_next_version_replaces_status_and_votes_and_moves_both()
    {
        Assert.True(await InsertAsync(Entry(A, SiloStatus.Joining)));
        var read = await Table.ReadAllAsync(None);
        var (entry, etag) = read.Members[0];
        entry.Status = SiloStatus.Active;
        entry.AddSuspector(B, T0.AddSeconds(30));

        Assert.True(await Table.UpdateRowAsync(entry, etag, read.Version.Next(), None));

        var after = await Table.ReadAllAsync(None);
        Assert.Equal(read.Version.Version + 1, after.Version.Version);
        Assert.NotEqual(read.Version.VersionEtag, after.Version.VersionEtag);
        var (stored, newETag) = Assert.Single(after.Members);
        Assert.NotEqual(etag, newETag);
        Assert.Equal(SiloStatus.Active, stored.Status);
        Assert.Equal(entry.SuspectTimes, stored.SuspectTimes);
    }

    [ProviderFact]
    public async Task An_update_with_a_stale_row_etag_loses_and_changes_nothing()
    {
        Assert.True(await InsertAsync(Entry(A, SiloStatus.Joining)));
        var first = await Table.ReadAllAsync(None);
        var (entry, staleETag) = first.Members[0];
        entry.Status = SiloStatus.Active;
        Assert.True(await Table.UpdateRowAsync(entry, staleETag, first.Version.Next(), None));
        var current = await Table.ReadAllAsync(None);

        entry.Status = SiloStatus.Dead;
        Assert.False(await Table.UpdateRowAsync(entry, staleETag, current.Version.Next(), None));
        Assert.False(await Table.UpdateRowAsync(entry, "not-an-etag", current.Version.Next(), None));

        var after = await Table.ReadAllAsync(None);
        Assert.Equal(current.Version, after.Version);
        Assert.Equal(SiloStatus.Active, Assert.Single(after.Members).Item1.Status);
        Assert.Equal(current.Members[0].Item2, after.Members[0].Item2);
    }

    [ProviderFact]
    public async Task An_update_with_the_current_row_etag_but_a_stale_table_version_loses_and_changes_nothing()
    {
        Assert.True(await InsertAsync(Entry(A, SiloStatus.Active)));
        var read = await Table.ReadAllAsync(None);
        var (entry, etag) = read.Members[0];
        // Another silo joins in between: the table moves on, A's row does not.
        Assert.True(await Table.InsertRowAsync(Entry(B), read.Version.Next(), None));

        entry.Status = SiloStatus.Dead;
        Assert.False(await Table.UpdateRowAsync(entry, etag, read.Version.Next(), None));

        var after = await Table.ReadRowAsync(A, None);
        Assert.Equal(SiloStatus.Active, Assert.Single(after.Members).Item1.Status);
        Assert.Equal(etag, after.Members[0].Item2);
        Assert.Equal(read.Version.Version + 1, after.Version.Version);
    }

    [ProviderFact]
    public async Task Of_updates_racing_from_one_read_in_two_processes_exactly_one_wins_each_round()
    {
        // Four voters (two per writer, as two silo processes) suspect A from the same read; one swap may win.
        await using var other = await Provider.OpenAnotherAsync();
        var otherTable = other.OrleansMembership(Cluster);
        var tables = new[] { Table, otherTable, Table, otherTable };
        Assert.True(await InsertAsync(Entry(A, SiloStatus.Active)));

        for (var round = 1; round <= 10; round++)
        {
            var read = await Table.ReadAllAsync(None);
            var attempts = await Task.WhenAll(tables.Select((table, voter) =>
            {
                var entry = Copy(read.Members[0].Item1);
                entry.AddOrUpdateSuspector(Silo(10 + voter), T0.AddSeconds(round), maxVotes: 10);
                return table.UpdateRowAsync(entry, read.Members[0].Item2, read.Version.Next(), None);
            }));

            Assert.Single(attempts, won => won);
            var after = await Table.ReadAllAsync(None);
            Assert.Equal(read.Version.Version + 1, after.Version.Version);
        }
    }

    [ProviderFact]
    public async Task Of_two_updates_of_different_rows_racing_from_one_read_in_two_processes_exactly_one_wins()
    {
        await using var other = await Provider.OpenAnotherAsync();
        var otherTable = other.OrleansMembership(Cluster);
        Assert.True(await InsertAsync(Entry(A, SiloStatus.Active)));
        Assert.True(await InsertAsync(Entry(B, SiloStatus.Active)));
        var read = await Table.ReadAllAsync(None);
        var (a, aETag) = read.Members.Single(m => m.Item1.SiloAddress.Equals(A));
        var (b, bETag) = read.Members.Single(m => m.Item1.SiloAddress.Equals(B));

        // Each row's change is a swap of the table version too: A and B cannot both be declared dead from one view.
        a.Status = SiloStatus.Dead;
        b.Status = SiloStatus.Dead;
        var outcomes = await Task.WhenAll(
            Task.Run(() => Table.UpdateRowAsync(a, aETag, read.Version.Next(), None)),
            Task.Run(() => otherTable.UpdateRowAsync(b, bETag, read.Version.Next(), None)));

        Assert.Single(outcomes, won => won);
        var after = await Table.ReadAllAsync(None);
        Assert.Equal(read.Version.Version + 1, after.Version.Version);
        Assert.Single(after.Members, m => m.Item1.Status == SiloStatus.Dead);
    }

    [ProviderFact]
    public async Task Concurrent_updaters_that_retry_on_a_lost_swap_all_get_in_once_with_no_version_lost()
    {
        // The shape of Orleans' own conformance test: every updater re-reads and retries until its swap wins.
        Assert.True(await InsertAsync(Entry(A)));
        await using var other = await Provider.OpenAnotherAsync();
        var tables = new[] { Table, other.OrleansMembership(Cluster) };
        const int Updaters = 12;

        var attempts = await Task.WhenAll(Enumerable.Range(0, Updaters).Select(i => Task.Run(async () =>
        {
            var table = tables[i % 2];
            for (var attempt = 1; attempt <= 500; attempt++)
            {
                var read = await table.ReadAllAsync(None);
                var (entry, etag) = read.Members[0];
                entry.AddOrUpdateSuspector(Silo(100 + i), T0.AddSeconds(i), maxVotes: Updaters);
                if (await table.UpdateRowAsync(entry, etag, read.Version.Next(), None))
                {
                    return attempt;
                }
            }

            throw new TimeoutException($"Updater {i} lost 500 swaps in a row.");
        }))).WaitAsync(TimeSpan.FromSeconds(60));

        var after = await Table.ReadAllAsync(None);
        Assert.Equal(1 + Updaters, after.Version.Version);
        Assert.Equal(Updaters, after.Members[0].Item1.SuspectTimes!.Count);
        Assert.Equal(Updaters, attempts.Length);
    }

    [ProviderFact]
    public async Task A_heartbeat_moves_only_the_heartbeat_not_the_version_nor_any_etag()
    {
        var entry = Entry(A, SiloStatus.Active);
        entry.AddSuspector(B, T0.AddSeconds(3));
        Assert.True(await InsertAsync(entry));
        var before = await Table.ReadAllAsync(None);

        await Table.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = A, IAmAliveTime = T0.AddMinutes(5) }, None);

        var after = await Table.ReadAllAsync(None);
        Assert.Equal(before.Version, after.Version);
        var (stored, etag) = Assert.Single(after.Members);
        Assert.Equal(before.Members[0].Item2, etag);
        Assert.Equal(T0.AddMinutes(5), stored.IAmAliveTime);
        stored.IAmAliveTime = entry.IAmAliveTime;
        AssertSameEntry(entry, stored);
    }

    [ProviderFact]
    public async Task A_vote_written_from_a_read_older_than_the_last_heartbeat_wins_and_keeps_the_newer_heartbeat()
    {
        Assert.True(await InsertAsync(Entry(A, SiloStatus.Active)));
        var read = await Table.ReadAllAsync(None);
        await Table.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = A, IAmAliveTime = T0.AddMinutes(5) }, None);

        var (entry, etag) = read.Members[0];
        entry.AddSuspector(B, T0.AddMinutes(1));
        Assert.True(await Table.UpdateRowAsync(entry, etag, read.Version.Next(), None));

        var stored = Assert.Single((await Table.ReadAllAsync(None)).Members).Item1;
        Assert.Equal(T0.AddMinutes(5), stored.IAmAliveTime);
        Assert.Equal(entry.SuspectTimes, stored.SuspectTimes);
    }

    [ProviderFact]
    public async Task A_heartbeat_does_not_touch_a_dead_row()
    {
        Assert.True(await InsertAsync(Entry(A, SiloStatus.Dead)));

        await Table.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = A, IAmAliveTime = T0.AddMinutes(5) }, None);

        Assert.Equal(T0, Assert.Single((await Table.ReadAllAsync(None)).Members).Item1.IAmAliveTime);
    }

    [ProviderFact]
    public async Task Cleanup_removes_only_rows_that_are_not_active_and_whose_last_sign_of_life_is_before_the_cutoff()
    {
        var cutoff = new DateTimeOffset(T0.AddDays(-1));
        var oldDead = Entry(Silo(1), SiloStatus.Dead, T0.AddDays(-10));
        var oldJoining = Entry(Silo(2), SiloStatus.Joining, T0.AddDays(-10));
        var oldActive = Entry(Silo(3), SiloStatus.Active, T0.AddDays(-10));
        var recentDead = Entry(Silo(4), SiloStatus.Dead, T0);
        // Started long ago, but its heartbeat is after the cutoff: still a sign of life.
        var deadWithRecentHeartbeat = Entry(Silo(5), SiloStatus.Dead, T0.AddDays(-10));
        deadWithRecentHeartbeat.IAmAliveTime = T0;
        foreach (var entry in new[] { oldDead, oldJoining, oldActive, recentDead, deadWithRecentHeartbeat })
        {
            Assert.True(await InsertAsync(entry));
        }

        var before = await Table.ReadAllAsync(None);

        await Table.CleanupDefunctSiloEntriesAsync(cutoff, None);

        var after = await Table.ReadAllAsync(None);
        Assert.Equal(
            new[] { Silo(3), Silo(4), Silo(5) }.Order(),
            after.Members.Select(m => m.Item1.SiloAddress).Order());
        Assert.Equal(before.Version, after.Version);
    }

    [ProviderFact]
    public async Task Deleting_a_cluster_s_entries_removes_its_rows_and_version_and_leaves_other_clusters_alone()
    {
        var neighbour = Provider.OrleansMembership("neighbour");
        await neighbour.InitializeMembershipTableAsync(tryInitTableVersion: true, None);
        Assert.True(await neighbour.InsertRowAsync(Entry(B), (await neighbour.ReadAllAsync(None)).Version.Next(), None));
        Assert.True(await InsertAsync(Entry(A)));

        await Table.DeleteMembershipTableEntriesAsync(Cluster, None);

        var gone = await Table.ReadAllAsync(None);
        Assert.Empty(gone.Members);
        Assert.Equal(0, gone.Version.Version);
        Assert.False(await Table.InsertRowAsync(Entry(C), gone.Version.Next(), None), "With its version row gone, the table takes no change until initialized again.");
        Assert.Equal([B], (await neighbour.ReadAllAsync(None)).Members.Select(m => m.Item1.SiloAddress));

        await Table.InitializeMembershipTableAsync(tryInitTableVersion: true, None);
        Assert.True(await InsertAsync(Entry(C)));
    }

    [ProviderFact]
    public async Task Clusters_on_one_database_have_separate_versions_and_rows()
    {
        var neighbour = Provider.OrleansMembership("neighbour");
        await neighbour.InitializeMembershipTableAsync(tryInitTableVersion: true, None);
        Assert.True(await InsertAsync(Entry(A)));

        // The same silo address, at the same proposed version, in the other cluster: a row and a version of its own.
        Assert.True(await neighbour.InsertRowAsync(Entry(A), (await neighbour.ReadAllAsync(None)).Version.Next(), None));

        Assert.Equal(1, (await Table.ReadAllAsync(None)).Version.Version);
        var theirs = await neighbour.ReadAllAsync(None);
        Assert.Equal(1, theirs.Version.Version);
        Assert.Equal([A], theirs.Members.Select(m => m.Item1.SiloAddress));
    }

    [ProviderFact]
    public async Task Gateways_are_the_active_silos_with_a_proxy_port_at_that_port()
    {
        var joining = Entry(Silo(1), SiloStatus.Joining);
        var active = Entry(Silo(2), SiloStatus.Active);
        var activeNoGateway = Entry(Silo(3), SiloStatus.Active);
        activeNoGateway.ProxyPort = 0;
        var dead = Entry(Silo(4), SiloStatus.Dead);
        var otherActive = Entry(Silo(5), SiloStatus.Active);
        foreach (var entry in new[] { joining, active, activeNoGateway, dead, otherActive })
        {
            Assert.True(await InsertAsync(entry));
        }

        var neighbour = Provider.OrleansMembership("neighbour");
        await neighbour.InitializeMembershipTableAsync(tryInitTableVersion: true, None);
        Assert.True(await neighbour.InsertRowAsync(Entry(Silo(6), SiloStatus.Active), (await neighbour.ReadAllAsync(None)).Version.Next(), None));

        var gateways = Provider.OrleansGateways(Cluster);
        await gateways.InitializeGatewayListProviderAsync(None);
        var found = await gateways.GetGatewaysAsync(None);

        Assert.Equal(
            new[] { active, otherActive }.Select(e => SiloAddress.New(new IPEndPoint(e.SiloAddress.Endpoint.Address, e.ProxyPort), e.SiloAddress.Generation).ToGatewayUri().ToString()).Order(),
            found.Select(uri => uri.ToString()).Order());
    }

    [ProviderFact]
    public async Task Acknowledged_changes_are_still_there_after_the_database_is_reopened()
    {
        await using (var first = await Provider.OpenAnotherAsync())
        {
            var table = first.OrleansMembership(Cluster);
            await table.InitializeMembershipTableAsync(tryInitTableVersion: true, None);
            for (var i = 1; i <= 5; i++)
            {
                Assert.True(await table.InsertRowAsync(Entry(Silo(i), SiloStatus.Active), (await table.ReadAllAsync(None)).Version.Next(), None));
            }

            await table.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = Silo(1), IAmAliveTime = T0.AddMinutes(1) }, None);
        }

        await using var reopened = await Provider.OpenAnotherAsync();
        var read = await reopened.OrleansMembership(Cluster).ReadAllAsync(None);

        Assert.Equal(5, read.Version.Version);
        Assert.Equal(Enumerable.Range(1, 5).Select(Silo).Order(), read.Members.Select(m => m.Item1.SiloAddress).Order());
        Assert.Equal(T0.AddMinutes(1), read.TryGet(Silo(1))!.Item1.IAmAliveTime);
    }

    private async Task<bool> InsertAsync(MembershipEntry entry) => await Table.InsertRowAsync(entry, (await Table.ReadAllAsync(None)).Version.Next(), None);

    private static SiloAddress Silo(int i) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11_000 + i), 1_000 + i);

    private static MembershipEntry Entry(SiloAddress silo, SiloStatus status = SiloStatus.Joining, DateTime? startTime = null) => new()
    {
        SiloAddress = silo,
        Status = status,
        SiloName = $"silo-{silo.Endpoint.Port}",
        HostName = "test-host",
        ProxyPort = silo.Endpoint.Port + 1_000,
        StartTime = startTime ?? T0,
        IAmAliveTime = startTime ?? T0,
    };

    private static MembershipEntry Copy(MembershipEntry entry) => new()
    {
        SiloAddress = entry.SiloAddress,
        Status = entry.Status,
        SuspectTimes = entry.SuspectTimes is null ? null : [.. entry.SuspectTimes],
        SiloName = entry.SiloName,
        HostName = entry.HostName,
        ProxyPort = entry.ProxyPort,
        RoleName = entry.RoleName,
        UpdateZone = entry.UpdateZone,
        FaultZone = entry.FaultZone,
        StartTime = entry.StartTime,
        IAmAliveTime = entry.IAmAliveTime,
    };

    private static void AssertSameEntry(MembershipEntry expected, MembershipEntry actual)
    {
        Assert.Equal(expected.SiloAddress, actual.SiloAddress);
        Assert.Equal(
            (expected.Status, expected.SiloName, expected.HostName, expected.ProxyPort, expected.RoleName, expected.UpdateZone, expected.FaultZone),
            (actual.Status, actual.SiloName, actual.HostName, actual.ProxyPort, actual.RoleName, actual.UpdateZone, actual.FaultZone));
        Assert.Equal((expected.StartTime, expected.IAmAliveTime), (actual.StartTime, actual.IAmAliveTime));
        Assert.Equal(DateTimeKind.Utc, actual.IAmAliveTime.Kind);
        Assert.Equal(expected.SuspectTimes ?? [], actual.SuspectTimes ?? []);
    }
}
