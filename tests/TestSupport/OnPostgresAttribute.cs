using System.Reflection;
using Xunit.Sdk;

namespace Leasehold.Testing;

/// <summary>
/// A theory row that runs on PostgreSQL: the given arguments, then <see cref="StorageProvider.Postgres"/>. Skipped with
/// the reason when no server is configured (a developer's machine); run, and failed without a server, in CI.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class OnPostgresAttribute : DataAttribute
{
    private readonly object[] _data;

    public OnPostgresAttribute(params object[] data)
    {
        _data = data;
        Skip = PostgresServer.SkipReason;
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[.. _data, StorageProvider.Postgres]];
}
