namespace Leasehold.Client.Tests;

/// <summary>
/// One real server for the tests that talk to it. They run one after another (one collection): many of them
/// time short leases, and two cores shared with parallel suites would turn their bounded waits into flakes.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<LeaseholdServer>
{
    public const string Name = "server";
}
