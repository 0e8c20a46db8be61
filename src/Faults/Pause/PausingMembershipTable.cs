using Orleans.Runtime;

namespace Leasehold.Faults;

/// <summary>
/// A membership table whose calls wait while the silo is paused, before they start and before their answer is
/// handed back: a stopped process neither writes heartbeats or votes nor reads that it was declared dead. Without
/// this a paused silo sharing a table (an <c>InProcessTestCluster</c>'s, or a SQLite file) learns of its death
/// while "asleep", which a real SIGSTOP would not allow.
/// </summary>
internal sealed class PausingMembershipTable(IMembershipTable inner, SiloPause pause) : IMembershipTable
{
    public Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken) =>
        Gated(() => inner.InitializeMembershipTableAsync(tryInitTableVersion, cancellationToken), cancellationToken);

    public Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken) =>
        Gated(() => inner.DeleteMembershipTableEntriesAsync(clusterId, cancellationToken), cancellationToken);

    public Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken) =>
        Gated(() => inner.CleanupDefunctSiloEntriesAsync(beforeDate, cancellationToken), cancellationToken);

    public Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken) =>
        Gated(() => inner.ReadRowAsync(key, cancellationToken), cancellationToken);

    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken) =>
        Gated(() => inner.ReadAllAsync(cancellationToken), cancellationToken);

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken) =>
        Gated(() => inner.InsertRowAsync(entry, tableVersion, cancellationToken), cancellationToken);

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken) =>
        Gated(() => inner.UpdateRowAsync(entry, etag, tableVersion, cancellationToken), cancellationToken);

    public Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken) =>
        Gated(() => inner.UpdateIAmAliveAsync(entry, cancellationToken), cancellationToken);

    [Obsolete("Use InitializeMembershipTableAsync instead.")]
    public Task InitializeMembershipTable(bool tryInitTableVersion) => InitializeMembershipTableAsync(tryInitTableVersion, CancellationToken.None);

    [Obsolete("Use DeleteMembershipTableEntriesAsync instead.")]
    public Task DeleteMembershipTableEntries(string clusterId) => DeleteMembershipTableEntriesAsync(clusterId, CancellationToken.None);

    [Obsolete("Use CleanupDefunctSiloEntriesAsync instead.")]
    public Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => CleanupDefunctSiloEntriesAsync(beforeDate, CancellationToken.None);

    [Obsolete("Use ReadRowAsync instead.")]
    public Task<MembershipTableData> ReadRow(SiloAddress key) => ReadRowAsync(key, CancellationToken.None);

    [Obsolete("Use ReadAllAsync instead.")]
    public Task<MembershipTableData> ReadAll() => ReadAllAsync(CancellationToken.None);

    [Obsolete("Use InsertRowAsync instead.")]
    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) => InsertRowAsync(entry, tableVersion, CancellationToken.None);

    [Obsolete("Use UpdateRowAsync instead.")]
    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) => UpdateRowAsync(entry, etag, tableVersion, CancellationToken.None);

    [Obsolete("Use UpdateIAmAliveAsync instead.")]
    public Task UpdateIAmAlive(MembershipEntry entry) => UpdateIAmAliveAsync(entry, CancellationToken.None);

    private async Task Gated(Func<Task> call, CancellationToken cancellationToken)
    {
        await pause.WhenRunningAsync(cancellationToken).ConfigureAwait(false);
        await call().ConfigureAwait(false);
        await pause.WhenRunningAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> Gated<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        await pause.WhenRunningAsync(cancellationToken).ConfigureAwait(false);
        var result = await call().ConfigureAwait(false);
        await pause.WhenRunningAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }
}
