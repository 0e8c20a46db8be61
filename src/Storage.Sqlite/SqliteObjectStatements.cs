using Leasehold.Storage;

namespace Leasehold.Storage.Sqlite;

/// <summary>
/// The conditional statements of the object table: one per precondition kind, each the whole fence check and write (or
/// delete: the same statement writing a tombstone). A precondition that needs a live object cannot create one, so its
/// statement is an update of the existing row only; the others are upserts whose update applies only when the check holds.
/// </summary>
internal static class SqliteObjectStatements
{
    private const string Upsert = """
        INSERT INTO objects (key, resource, fence, version, content_type, value, updated_at, deleted)
        VALUES ($key, $resource, $fence, 1, $contentType, $value, $updatedAt, $deleted)
        ON CONFLICT (key) DO UPDATE SET
            fence = excluded.fence,
            version = objects.version + 1,
            content_type = excluded.content_type,
            value = excluded.value,
            updated_at = excluded.updated_at,
            deleted = excluded.deleted
        WHERE excluded.fence >= objects.fence AND excluded.resource = objects.resource
        """;

    private const string UpdateLive = """
        UPDATE objects SET
            fence = $fence,
            version = version + 1,
            content_type = $contentType,
            value = $value,
            updated_at = $updatedAt,
            deleted = $deleted
        WHERE key = $key AND $fence >= fence AND resource = $resource AND deleted = 0
        """;

    private const string Returning = "\nRETURNING version, fence";

    private static readonly string None = Upsert + Returning;
    private static readonly string Absent = Upsert + " AND objects.deleted = 1" + Returning;
    private static readonly string Exists = UpdateLive + Returning;
    private static readonly string VersionIs = UpdateLive + " AND version = $version" + Returning;

    /// <summary>The statement for <paramref name="precondition"/>; it binds <c>$version</c> only for <see cref="ObjectPreconditionKind.VersionIs"/>.</summary>
    public static string For(ObjectPrecondition precondition) => precondition.Kind switch
    {
        ObjectPreconditionKind.None => None,
        ObjectPreconditionKind.Absent => Absent,
        ObjectPreconditionKind.Exists => Exists,
        ObjectPreconditionKind.VersionIs => VersionIs,
        var kind => throw new ArgumentOutOfRangeException(nameof(precondition), kind, "Unknown precondition."),
    };

    public const string Current = "SELECT resource, fence, version, deleted FROM objects WHERE key = $key";

    public const string List = """
        SELECT key, version, fence, content_type, length(value), updated_at FROM objects
        WHERE key >= $prefix AND key < $upper AND key > $after AND substr(key, 1, length($prefix)) = $prefix AND deleted = 0
        ORDER BY key
        LIMIT $take
        """;
}
