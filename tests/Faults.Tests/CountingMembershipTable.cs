using Orleans.Runtime;

namespace Leasehold.Faults.Tests;

/// <summary>A membership table that counts the reads that reach it and holds nothing.</summary>
internal sealed class CountingMembershipTable : IMembershipTable
{
    private static readonly MembershipTableData Empty = new(new TableVersion(0, "0"));
    private int _reads;

    public int Reads => Volatile.Read(ref _reads);

    public Task InitializeMembershipTable(bool tryInitTableVersion) => Task.CompletedTask;

    public Task DeleteMembershipTableEntries(string clusterId) => Task.CompletedTask;

    public Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => Task.CompletedTask;

    public Task<MembershipTableData> ReadRow(SiloAddress key) => Task.FromResult(Empty);

    public Task<MembershipTableData> ReadAll()
    {
        Interlocked.Increment(ref _reads);
        return Task.FromResult(Empty);
    }

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) => Task.FromResult(true);

    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) => Task.FromResult(true);

    public Task UpdateIAmAlive(MembershipEntry entry) => Task.CompletedTask;
}
