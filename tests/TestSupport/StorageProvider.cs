namespace Leasehold.Testing;

/// <summary>The storage provider a test runs on; a theory's last argument when it runs once per provider.</summary>
public enum StorageProvider
{
    /// <summary>The embedded default: a fresh file in a temporary folder.</summary>
    Sqlite,

    /// <summary>The server named by <c>LEASEHOLD_TEST_POSTGRES</c> (see <see cref="PostgresServer"/>): a fresh schema.</summary>
    Postgres,
}
