namespace Leasehold.Runtime.Membership;

/// <summary>
/// The durable membership table of one cluster: a version row and one row per silo incarnation. Every
/// change of a row's status or suspicions is a compare-and-swap on both the row's ETag and the table
/// version, in one transaction, so two silos acting on the same view cannot both win; the loser re-reads.
/// The truth about who is alive is what a majority wrote here, not what one silo believes.
/// </summary>
public interface IMembershipTable
{
    /// <summary>Creates the table of <paramref name="clusterId"/> (version 0) if it does not exist.</summary>
    Task InitializeAsync(string clusterId, CancellationToken cancellationToken);

    /// <summary>Every row and the current version.</summary>
    Task<MembershipTableSnapshot> ReadAllAsync(string clusterId, CancellationToken cancellationToken);

    /// <summary>Adds a row if the version is still <paramref name="expectedVersion"/>; the version then grows by one. False if someone wrote first or the row exists.</summary>
    Task<bool> InsertRowAsync(string clusterId, MembershipRow row, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Replaces a row if its ETag and the version are unchanged; the version then grows by one. False otherwise.</summary>
    Task<bool> UpdateRowAsync(string clusterId, MembershipRow row, string etag, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Writes a heartbeat without changing the version (no compare-and-swap: only the silo itself writes it).</summary>
    Task UpdateIAmAliveAsync(string clusterId, SiloAddress silo, DateTimeOffset iAmAliveAtUtc, CancellationToken cancellationToken);
}
