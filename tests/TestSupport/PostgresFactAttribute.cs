using Xunit;

namespace Leasehold.Testing;

/// <summary>A fact that needs a PostgreSQL server: skipped with the reason when none is configured (outside CI).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        Skip = PostgresServer.SkipReason;
    }
}
