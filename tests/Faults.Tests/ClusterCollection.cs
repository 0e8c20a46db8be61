namespace Leasehold.Faults.Tests;

/// <summary>
/// The tests that start a cluster run one at a time: each tunes failure detection to about a second, and two
/// clusters probing at once on a 2-core machine would make slow silos look dead.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection
{
    public const string Name = "Faulty clusters";
}
