using System.Net;
using System.Net.Sockets;

namespace Leasehold.Grains.Tests;

/// <summary>
/// Free loopback ports for the silos of this test run. Orleans advertises its silo port in the membership table, so it
/// must be a real port chosen before the silo starts (not 0); test classes run in parallel, so no port is handed out twice.
/// </summary>
internal static class LoopbackPorts
{
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>A port the system had free a moment ago and that no silo of this process was given before.</summary>
    public static int Next()
    {
        // Bounded: the system hands out ephemeral ports in turn, so a repeat is rare.
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            lock (HandedOut)
            {
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException("No free loopback port found in 100 attempts.");
    }
}
