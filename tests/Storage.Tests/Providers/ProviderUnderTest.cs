using Leasehold.Storage;
using Orleans.Messaging;

namespace Leasehold.Storage.Tests.Providers;

/// <summary>
/// One storage provider opened on one database, as a silo opens it: the stores, the counters of its commit
/// queue, and a few raw operations on that queue that the group-commit contract needs. Each provider
/// implements these with its own SQL; the contract tests are written once against this class.
/// </summary>
public abstract class ProviderUnderTest : IAsyncDisposable
{
    public abstract IFencedObjectStore Objects { get; }

    public abstract IClusterSecretStore Secrets { get; }

    public abstract IStorageHealth Health { get; }

    /// <summary>Orleans' membership table of cluster <paramref name="clusterId"/> on this database, as a silo of that cluster opens it.</summary>
    public abstract global::Orleans.IMembershipTable OrleansMembership(string clusterId);

    /// <summary>The gateway list an Orleans client of cluster <paramref name="clusterId"/> reads from this database.</summary>
    public abstract IGatewayListProvider OrleansGateways(string clusterId);

    /// <summary>An Orleans grain storage named <paramref name="name"/> on this database, writing with Orleans' serializer.</summary>
    public abstract global::Orleans.Storage.IGrainStorage OrleansGrainStorage(string name);

    /// <summary>Transactions committed by this instance's writer.</summary>
    public abstract long Commits { get; }

    /// <summary>Operations acknowledged by this instance's writer.</summary>
    public abstract long CommittedWrites { get; }

    /// <summary>Queues an insert of a <c>cluster_secrets</c> row; a duplicate name is a constraint violation.</summary>
    public abstract Task<int> InsertSecretAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Queues an operation that inserts a row and then throws <paramref name="exception"/>.</summary>
    public abstract Task<int> InsertSecretThenThrowAsync(string name, Exception exception);

    /// <summary>Queues an operation that succeeds itself but leaves its transaction unable to commit.</summary>
    public abstract Task<int> SabotageCommitAsync();

    /// <summary>Whether <paramref name="exception"/> is this provider's unique-constraint violation.</summary>
    public abstract bool IsConstraintViolation(Exception exception);

    /// <summary>The names in <c>cluster_secrets</c>, sorted.</summary>
    public abstract Task<string[]> SecretNamesAsync();

    /// <summary>Occupies the writer with an operation that waits until released, so what is queued next lands in one batch.</summary>
    public abstract Task<WriterHold> HoldWriterAsync();

    /// <summary>Another writer on the same database: another silo process, with its own connection and commit queue.</summary>
    public abstract Task<ProviderUnderTest> OpenAnotherAsync();

    public abstract ValueTask DisposeAsync();
}
