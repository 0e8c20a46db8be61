namespace Leasehold.Storage.Tests.Providers;

/// <summary>Marks a contract test class that runs against PostgreSQL: its <see cref="ProviderFactAttribute"/> tests skip without a server.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequiresPostgresAttribute : Attribute;
