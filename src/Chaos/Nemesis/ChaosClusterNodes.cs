namespace Leasehold.Chaos.Nemesis;

/// <summary>Choosing a node to talk to among those running.</summary>
public static class ChaosClusterNodes
{
    /// <summary>
    /// <paramref name="preferred"/>, or the next running node after it (wrapping); a null client when none runs, with
    /// <paramref name="preferred"/> as the node.
    /// </summary>
    public static (int Node, HttpClient? Http) RunningFrom(this IChaosCluster cluster, int preferred)
    {
        for (var i = 0; i < cluster.NodeCount; i++)
        {
            var node = (preferred + i) % cluster.NodeCount;
            if (cluster.ApiOf(node) is { } http)
            {
                return (node, http);
            }
        }

        return (preferred, null);
    }
}
