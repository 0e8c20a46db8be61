using Xunit.Sdk;

namespace Leasehold.Storage.Tests.Providers;

/// <summary>
/// A fact of a provider contract: it runs once per concrete test class (one per provider), and is skipped
/// like a <see cref="Leasehold.Testing.PostgresFactAttribute"/> in classes marked <see cref="RequiresPostgresAttribute"/>
/// when no PostgreSQL server is configured.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Leasehold.Storage.Tests.Providers.ProviderFactDiscoverer", "Leasehold.Storage.Tests")]
public sealed class ProviderFactAttribute : FactAttribute;
