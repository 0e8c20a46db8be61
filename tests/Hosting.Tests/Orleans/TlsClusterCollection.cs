namespace Leasehold.Hosting.Tests.Orleans;

[CollectionDefinition(Name)]
public sealed class TlsClusterCollection : ICollectionFixture<TlsClusterFixture>
{
    public const string Name = "tls cluster";
}
