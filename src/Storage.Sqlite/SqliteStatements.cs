using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Leasehold.Storage.Sqlite;

/// <summary>
/// Commands kept per connection, so a hot statement is parsed and planned (sqlite3_prepare) once per connection instead
/// of once per write: a <see cref="SqliteCommand"/> keeps its prepared statements between executions. Used on the group
/// commit's writer connection, which one loop owns; when that connection is replaced (after a failed commit), its
/// commands go with it.
/// </summary>
internal static class SqliteStatements
{
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> Cache = new();

    /// <summary>
    /// The command for <paramref name="sql"/> on <paramref name="connection"/>, with the parameters of its last use (set
    /// them all with <see cref="Bind"/>). The caller must not dispose it, must dispose its reader before the next use, and
    /// must use it from the connection's one thread of use.
    /// </summary>
    public static SqliteCommand Reused(SqliteConnection connection, string sql)
    {
        var commands = Cache.GetValue(connection, static _ => new Dictionary<string, SqliteCommand>(StringComparer.Ordinal));
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            commands.Add(sql, command);
        }

        return command;
    }

    /// <summary>Sets a parameter of a reused command, adding it on first use: the parameter objects are kept, not remade per write.</summary>
    public static void Bind(this SqliteCommand command, string name, object value)
    {
        var index = command.Parameters.IndexOf(name);
        if (index < 0)
        {
            command.Parameters.AddWithValue(name, value);
        }
        else
        {
            command.Parameters[index].Value = value;
        }
    }
}
