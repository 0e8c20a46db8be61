using System.Net;
using System.Net.Sockets;
using Leasehold.Runtime.Hosting;
using Leasehold.Runtime.Membership;
using Microsoft.Extensions.Options;

namespace Leasehold.Runtime.Messaging;

/// <summary>
/// This silo's listening socket and its identity. The socket is bound when the silo is composed, so the
/// address is known (also with <c>Cluster:SiloPort=0</c>, an OS-chosen port) before membership and the
/// listener start; the generation is the start time, so a restarted process is a new incarnation.
/// </summary>
internal sealed class SiloEndpoint : IDisposable
{
    public SiloEndpoint(IOptions<ClusterOptions> options, TimeProvider time)
    {
        var cluster = options.Value;
        var requested = new IPEndPoint(IPAddress.Parse(cluster.SiloAddress), cluster.SiloPort);
        Socket = new Socket(requested.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            Socket.Bind(requested);
            Socket.Listen(512);
        }
        catch (SocketException ex)
        {
            Socket.Dispose();
            throw new InvalidOperationException($"Cluster:SiloPort {cluster.SiloPort} on Cluster:SiloAddress {cluster.SiloAddress} cannot be bound: {ex.Message}", ex);
        }

        ClusterId = cluster.ClusterId;
        Address = new SiloAddress((IPEndPoint)Socket.LocalEndPoint!, time.GetUtcNow().ToUnixTimeMilliseconds());
    }

    public string ClusterId { get; }

    public SiloAddress Address { get; }

    public Socket Socket { get; }

    public WireFrame.Hello Hello(long membershipVersion) =>
        new(ClusterId, Address.Endpoint.Address.ToString(), Address.Endpoint.Port, Address.Generation, membershipVersion);

    public void Dispose() => Socket.Dispose();
}
