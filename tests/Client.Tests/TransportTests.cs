using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Leasehold.Client.Tests;

/// <summary>What is retried and what is not, and how failures without a problem body are classified.</summary>
public sealed class TransportTests
{
    private static readonly RetryPolicy FastRetries = new() { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };

    [Fact]
    public async Task A_504_is_OutcomeUnknownException_and_an_idempotent_acquire_is_retried()
    {
        var handler = new StubHandler(_ => StubHandler.Problem(HttpStatusCode.GatewayTimeout, "outcome-unknown", "no answer in time"));
        using var client = Client(handler);

        var unknown = await Assert.ThrowsAsync<OutcomeUnknownException>(() => client.AcquireAsync("r", "h", TimeSpan.FromSeconds(1)));
        Assert.Equal(504, unknown.Status);
        Assert.Equal(ProblemTypes.OutcomeUnknown, unknown.Type);
        Assert.Equal(3, handler.Requests);
    }

    [Fact]
    public async Task A_write_whose_outcome_is_unknown_is_not_sent_again()
    {
        var handler = new StubHandler(_ => StubHandler.Problem(HttpStatusCode.GatewayTimeout, "outcome-unknown", "no answer in time"));
        using var client = Client(handler);

        await Assert.ThrowsAsync<OutcomeUnknownException>(() => client.PutObjectAsync("k", new byte[] { 1 }, "lh1.k1.a.b"));
        Assert.Equal(1, handler.Requests);
    }

    [Fact]
    public async Task A_retried_acquire_succeeds_when_a_later_attempt_is_answered()
    {
        var attempts = 0;
        var handler = new StubHandler(_ => Interlocked.Increment(ref attempts) < 3
            ? StubHandler.Problem(HttpStatusCode.ServiceUnavailable, "unavailable", "database busy")
            : StubHandler.Lease("r", 1000));
        using var client = Client(handler);

        var lease = await client.AcquireAsync("r", "h", TimeSpan.FromSeconds(1));
        Assert.Equal("lease-1", lease.LeaseId);
        Assert.Equal(3, handler.Requests);
    }

    [Fact]
    public async Task A_release_retried_after_an_unknown_outcome_that_finds_the_lease_gone_counts_as_released()
    {
        var calls = 0;
        var handler = new StubHandler(_ => Interlocked.Increment(ref calls) == 1
            ? StubHandler.Problem(HttpStatusCode.GatewayTimeout, "outcome-unknown", "no answer in time")
            : StubHandler.Problem(HttpStatusCode.Gone, "lease-lost", "not the current lease"));
        using var client = Client(handler);

        await client.ReleaseAsync("r", "lease-1");
        Assert.Equal(2, handler.Requests);
    }

    [Fact]
    public async Task A_refused_connection_is_ServiceUnreachableException()
    {
        using var client = new LeaseholdClient(new Uri($"http://127.0.0.1:{ClosedPort()}"), new LeaseholdClientOptions { Retry = FastRetries });

        var unreachable = await Assert.ThrowsAsync<ServiceUnreachableException>(() => client.GetLeaseAsync("r"));
        Assert.Null(unreachable.Status);
    }

    [Fact]
    public async Task A_connection_dropped_after_the_request_was_sent_is_OutcomeUnknownException_retried_only_when_idempotent()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var requests = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var server = DropEveryRequestAsync(listener, () => Interlocked.Increment(ref requests), stop.Token);
        using var client = new LeaseholdClient(new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}"), new LeaseholdClientOptions { Retry = FastRetries });

        await Assert.ThrowsAsync<OutcomeUnknownException>(() => client.AcquireAsync("r", "h", TimeSpan.FromSeconds(1)));
        Assert.Equal(3, Volatile.Read(ref requests));

        await Assert.ThrowsAsync<OutcomeUnknownException>(() => client.PutObjectAsync("k", Encoding.UTF8.GetBytes("v"), "lh1.k1.a.b"));
        Assert.Equal(4, Volatile.Read(ref requests));

        await stop.CancelAsync();
        listener.Stop();
        await server;
    }

    [Fact]
    public void Retry_delays_stay_within_the_exponential_ceiling_and_the_maximum()
    {
        var policy = new RetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) };
        for (var i = 0; i < 200; i++)
        {
            Assert.InRange(policy.DelayBefore(2), TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
            Assert.InRange(policy.DelayBefore(3), TimeSpan.Zero, TimeSpan.FromMilliseconds(200));
            Assert.InRange(policy.DelayBefore(30), TimeSpan.Zero, TimeSpan.FromSeconds(1));
            Assert.InRange(policy.DelayBefore(2, TimeSpan.FromMilliseconds(500)), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1));
            Assert.Equal(TimeSpan.FromSeconds(1), policy.DelayBefore(2, TimeSpan.FromSeconds(5)));
        }
    }

    private static LeaseholdClient Client(StubHandler handler) =>
        new(new HttpClient(handler) { BaseAddress = new Uri("http://stub.invalid/") }, new LeaseholdClientOptions { Retry = FastRetries });

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Accepts each connection, reads the request head, and closes without answering.</summary>
    private static async Task DropEveryRequestAsync(TcpListener listener, Action onRequest, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient connection;
            try
            {
                connection = await listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            using (connection)
            {
                var stream = connection.GetStream();
                var head = new StringBuilder();
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, cancellationToken);
                    if (read == 0)
                    {
                        break;
                    }

                    head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                onRequest();
                connection.Client.LingerState = new LingerOption(true, 0);
            }
        }
    }
}
