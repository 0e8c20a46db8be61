namespace Leasehold.Cluster.Tests;

/// <summary>
/// A load balancer in front of the API nodes, reduced to its one decision: every request goes to the node it points at
/// now. A test points it at another node when the first is gone, as a health-checking balancer would; a client behind
/// it keeps its address and reconnects as it always does.
/// </summary>
internal sealed class FrontDoor(Uri target) : DelegatingHandler(new SocketsHttpHandler())
{
    private volatile Uri _target = target;

    /// <summary>The address clients of this front door use; requests are forwarded to the current target.</summary>
    public Uri Address { get; } = target;

    /// <summary>Sends every later request (and reconnect) to <paramref name="node"/>.</summary>
    public void PointAt(Uri node) => _target = node;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var target = _target;
        request.RequestUri = new UriBuilder(request.RequestUri!) { Host = target.Host, Port = target.Port }.Uri;
        return base.SendAsync(request, cancellationToken);
    }
}
