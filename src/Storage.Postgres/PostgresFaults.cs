using System.Net.Sockets;
using Npgsql;

namespace Leasehold.Storage.Postgres;

/// <summary>Sorts what PostgreSQL throws into facts about the data, transaction conflicts worth a retry, and faults.</summary>
internal static class PostgresFaults
{
    /// <summary>
    /// A fact about one operation's data (SQLSTATE class 22 data exception, 23 integrity constraint
    /// violation): that operation fails alone; the others of its transaction still commit.
    /// </summary>
    public static bool IsDataFact(Exception ex) =>
        ex is PostgresException { SqlState: var state } && (state.StartsWith("22", StringComparison.Ordinal) || state.StartsWith("23", StringComparison.Ordinal));

    /// <summary>
    /// The server gave up the whole transaction to let another proceed (deadlock between two silos
    /// writing the same rows in different orders, serialization failure): nothing was applied, so the
    /// same operations may run again in a fresh transaction.
    /// </summary>
    public static bool IsConflict(Exception ex) =>
        ex is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };

    /// <summary>Anything else from the database or the network: the connection may be broken, the outcome of a commit unknown.</summary>
    public static bool IsFault(Exception ex) => ex is (NpgsqlException or SocketException or IOException or TimeoutException) && !IsDataFact(ex);

    /// <summary>The connection itself is gone (server down, restarted, network cut, admin shutdown).</summary>
    public static bool IsConnectionLost(Exception ex) =>
        ex switch
        {
            PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal),
            NpgsqlException => true,
            SocketException or IOException or TimeoutException => true,
            _ => false,
        };
}
