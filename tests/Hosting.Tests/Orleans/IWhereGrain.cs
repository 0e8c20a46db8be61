namespace Leasehold.Hosting.Tests.Orleans;

/// <summary>A grain that says which silo it runs on, so a test can make a call cross from one silo to another.</summary>
[Alias("leasehold.tests.hosting.where")]
public interface IWhereGrain : IGrainWithStringKey
{
    [Alias("where")]
    Task<SiloAddress> Where();
}
