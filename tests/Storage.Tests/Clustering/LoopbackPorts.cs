using System.Net;
using System.Net.Sockets;

namespace Leasehold.Storage.Tests.Clustering;

/// <summary>Ports on 127.0.0.1 that were free a moment ago, distinct from each other.</summary>
internal static class LoopbackPorts
{
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
