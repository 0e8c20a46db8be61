namespace Leasehold.Client.Tests;

/// <summary>Cuts a client off from the server on demand: while partitioned, every request fails to connect (it is never sent).</summary>
/// <remarks>Kept over a Polly chaos (Simmy) strategy: one flag on a DelegatingHandler is the whole fault.</remarks>
internal sealed class PartitionHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private volatile bool _partitioned;

    public void Partition() => _partitioned = true;

    public void Heal() => _partitioned = false;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _partitioned
            ? Task.FromException<HttpResponseMessage>(new HttpRequestException(HttpRequestError.ConnectionError, "partitioned by the test"))
            : base.SendAsync(request, cancellationToken);
}
