namespace Leasehold.Chaos.Nemesis;

/// <summary>The cluster a chaos run talks to: a fixed number of node slots, each with an HTTP API while it runs.</summary>
public interface IChaosCluster
{
    /// <summary>How many nodes the cluster has (running or not); nodes are numbered 0 to NodeCount − 1.</summary>
    int NodeCount { get; }

    /// <summary>The HTTP client of node <paramref name="node"/>'s API, or null while it is not running.</summary>
    HttpClient? ApiOf(int node);

    /// <summary>A short name for reports (its address).</summary>
    string NameOf(int node);

    /// <summary>Waits until every node runs and sees all of them Active; false if that did not happen within <paramref name="timeout"/>.</summary>
    Task<bool> WaitUntilHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken);
}
