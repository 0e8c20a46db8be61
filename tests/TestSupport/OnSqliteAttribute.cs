using System.Reflection;
using Xunit.Sdk;

namespace Leasehold.Testing;

/// <summary>A theory row that runs on SQLite: the given arguments, then <see cref="StorageProvider.Sqlite"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class OnSqliteAttribute(params object[] data) : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[.. data, StorageProvider.Sqlite]];
}
