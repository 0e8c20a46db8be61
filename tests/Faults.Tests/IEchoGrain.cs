using Orleans.Concurrency;

namespace Leasehold.Faults.Tests;

/// <summary>A grain that says where it runs and counts the notes it was sent, so a test can call across silos.</summary>
[Alias("leasehold.tests.faults.echo")]
public interface IEchoGrain : IGrainWithStringKey
{
    /// <summary>The silo the activation runs on.</summary>
    [Alias("where")]
    Task<SiloAddress> Where();

    /// <summary>A one-way message: no response travels back, so it shows which direction a partition cuts.</summary>
    [Alias("note"), OneWay]
    Task Note();

    /// <summary>How many notes arrived.</summary>
    [Alias("notes")]
    Task<int> Notes();
}
