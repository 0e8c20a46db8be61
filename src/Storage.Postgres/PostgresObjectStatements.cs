using Leasehold.Storage;

namespace Leasehold.Storage.Postgres;

/// <summary>
/// The conditional statements of the object table, each the whole fence check and write (a delete is the same statement
/// writing a tombstone: no bytes, <c>deleted</c> true).
/// </summary>
internal static class PostgresObjectStatements
{
    /// <summary>
    /// Without a precondition: a refused write still takes the update branch, leaving every column as it was, so the row is
    /// returned as the fence check saw it (the latest committed version, locked) and the refusal's answer needs no second
    /// statement. It is accepted exactly when the row now holds its resource and fence: a refusal leaves a higher fence or
    /// another resource.
    /// </summary>
    public const string Unconditional = """
        INSERT INTO objects AS o (key, resource, fence, version, content_type, value, updated_at, deleted)
        VALUES (@key, @resource, @fence, 1, @contentType, @value, @updatedAt, @deleted)
        ON CONFLICT (key) DO UPDATE SET
            fence = CASE WHEN excluded.fence >= o.fence AND excluded.resource = o.resource THEN excluded.fence ELSE o.fence END,
            version = CASE WHEN excluded.fence >= o.fence AND excluded.resource = o.resource THEN o.version + 1 ELSE o.version END,
            content_type = CASE WHEN excluded.fence >= o.fence AND excluded.resource = o.resource THEN excluded.content_type ELSE o.content_type END,
            value = CASE WHEN excluded.fence >= o.fence AND excluded.resource = o.resource THEN excluded.value ELSE o.value END,
            updated_at = CASE WHEN excluded.fence >= o.fence AND excluded.resource = o.resource THEN excluded.updated_at ELSE o.updated_at END,
            deleted = CASE WHEN excluded.fence >= o.fence AND excluded.resource = o.resource THEN excluded.deleted ELSE o.deleted END
        RETURNING resource, fence, version, deleted
        """;

    // With a precondition, acceptance cannot be read off the row (a refused write may leave it holding the writer's own
    // fence), so the statement changes and returns a row only when every check holds, and the refusal's answer comes from
    // a second statement of the same write that reads the row after it.
    private const string CreateOrReplaceDeleted = """
        INSERT INTO objects AS o (key, resource, fence, version, content_type, value, updated_at, deleted)
        VALUES (@key, @resource, @fence, 1, @contentType, @value, @updatedAt, @deleted)
        ON CONFLICT (key) DO UPDATE SET
            fence = excluded.fence,
            version = o.version + 1,
            content_type = excluded.content_type,
            value = excluded.value,
            updated_at = excluded.updated_at,
            deleted = excluded.deleted
        WHERE excluded.fence >= o.fence AND excluded.resource = o.resource AND o.deleted
        RETURNING version, fence
        """;

    private const string UpdateLive = """
        UPDATE objects SET
            fence = @fence,
            version = version + 1,
            content_type = @contentType,
            value = @value,
            updated_at = @updatedAt,
            deleted = @deleted
        WHERE key = @key AND @fence >= fence AND resource = @resource AND NOT deleted
        """;

    private static readonly string Exists = UpdateLive + "\nRETURNING version, fence";
    private static readonly string VersionIs = UpdateLive + " AND version = @version\nRETURNING version, fence";

    /// <summary>The conditional statement for a precondition other than none; it binds <c>@version</c> only for <see cref="ObjectPreconditionKind.VersionIs"/>.</summary>
    public static string Conditional(ObjectPrecondition precondition) => precondition.Kind switch
    {
        ObjectPreconditionKind.Absent => CreateOrReplaceDeleted,
        ObjectPreconditionKind.Exists => Exists,
        ObjectPreconditionKind.VersionIs => VersionIs,
        var kind => throw new ArgumentOutOfRangeException(nameof(precondition), kind, "No conditional statement for this precondition."),
    };

    /// <summary>The row after a conditional statement, in the same transaction: what a refusal reports.</summary>
    public const string Current = "SELECT resource, fence, version, deleted FROM objects WHERE key = @key";

    /// <summary>
    /// A page by prefix in ordinal order: the comparisons and the order are in the "C" collation (bytes), whatever the
    /// database's, and the <c>objects_key_ordinal</c> index answers the range.
    /// </summary>
    public const string List = """
        SELECT key, version, fence, content_type, octet_length(value), updated_at FROM objects
        WHERE key COLLATE "C" >= @prefix AND key COLLATE "C" < @upper AND key COLLATE "C" > @after
          AND left(key, length(@prefix)) = @prefix AND NOT deleted
        ORDER BY key COLLATE "C"
        LIMIT @take
        """;
}
