using System.Collections.Concurrent;
using Leasehold.Runtime.Membership;

namespace Leasehold.Runtime.Tests.Membership;

/// <summary>One silo's handle on the shared table: passes every call through and records each write this silo issued.</summary>
internal sealed class RecordingMembershipTable(IMembershipTable inner) : IMembershipTable
{
    /// <summary>A write as issued: its kind, the row's silo, the status it wrote (null for a heartbeat) and whether it won.</summary>
    public sealed record Write(string Kind, SiloAddress Silo, SiloStatus? Status)
    {
        public bool? Won { get; set; }
    }

    public ConcurrentQueue<Write> Writes { get; } = new();

    /// <summary>The statuses this silo successfully wrote to <paramref name="silo"/>'s row, in order.</summary>
    public IReadOnlyList<SiloStatus> StatusesWonFor(SiloAddress silo) =>
        [.. Writes.Where(w => w.Silo == silo && w.Status is not null && w.Won == true).Select(w => w.Status!.Value)];

    public Task InitializeAsync(string clusterId, CancellationToken cancellationToken) => inner.InitializeAsync(clusterId, cancellationToken);

    public Task<MembershipTableSnapshot> ReadAllAsync(string clusterId, CancellationToken cancellationToken) => inner.ReadAllAsync(clusterId, cancellationToken);

    public async Task<bool> InsertRowAsync(string clusterId, MembershipRow row, long expectedVersion, CancellationToken cancellationToken)
    {
        var write = Record("insert", row.Silo, row.Status);
        var won = await inner.InsertRowAsync(clusterId, row, expectedVersion, cancellationToken);
        write.Won = won;
        return won;
    }

    public async Task<bool> UpdateRowAsync(string clusterId, MembershipRow row, string etag, long expectedVersion, CancellationToken cancellationToken)
    {
        var write = Record("update", row.Silo, row.Status);
        var won = await inner.UpdateRowAsync(clusterId, row, etag, expectedVersion, cancellationToken);
        write.Won = won;
        return won;
    }

    public async Task UpdateIAmAliveAsync(string clusterId, SiloAddress silo, DateTimeOffset iAmAliveAtUtc, CancellationToken cancellationToken)
    {
        var write = Record("i-am-alive", silo, null);
        await inner.UpdateIAmAliveAsync(clusterId, silo, iAmAliveAtUtc, cancellationToken);
        write.Won = true;
    }

    private Write Record(string kind, SiloAddress silo, SiloStatus? status)
    {
        var write = new Write(kind, silo, status);
        Writes.Enqueue(write);
        return write;
    }
}
