using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Leasehold.Runtime.Membership;
using Leasehold.Runtime.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Leasehold.Runtime.Tests.Messaging;

public sealed class SiloMessagingTests
{
    [Fact]
    public async Task A_call_made_on_one_silo_runs_on_the_silo_that_owns_the_grain()
    {
        await using var silos = await TwoSilos.StartAsync();
        var key = silos.KeyOwnedBy(silos.B);

        var fromA = await Grains(silos.A).GetGrain<IWhereGrain>(key).WhereAsync("via A");
        var fromB = await Grains(silos.B).GetGrain<IWhereGrain>(key).WhereAsync("via B");

        Assert.Equal(TwoSilos.AddressOf(silos.B).ToString(), fromA.Silo);
        Assert.Equal(fromA.Silo, fromB.Silo);
        Assert.Equal([1, 2], new[] { fromA.Calls, fromB.Calls }); // one activation served both
        Assert.Equal("via A", fromA.Note); // arguments crossed the wire intact
    }

    [Fact]
    public async Task The_callers_trace_context_crosses_to_the_owning_silo_under_one_trace_id()
    {
        await using var silos = await TwoSilos.StartAsync();
        var key = silos.KeyOwnedBy(silos.B);
        var spans = new System.Collections.Concurrent.ConcurrentQueue<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == RuntimeDiagnostics.Name,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);

        await Grains(silos.A).GetGrain<IWhereGrain>(key).WhereAsync("traced");

        var ours = spans.Where(s => Equals(s.GetTagItem("leasehold.grain.id"), $"{typeof(IWhereGrain).FullName}/{key}")).ToList();
        var client = Assert.Single(ours, s => s.Kind == System.Diagnostics.ActivityKind.Client);
        var server = Assert.Single(ours, s => s.Kind == System.Diagnostics.ActivityKind.Server);
        Assert.Equal(client.TraceId, server.TraceId);
        Assert.Equal(client.SpanId, server.ParentSpanId);
    }

    [Fact]
    public async Task A_remote_grains_exception_reaches_the_caller_with_its_message()
    {
        await using var silos = await TwoSilos.StartAsync();
        var key = silos.KeyOwnedBy(silos.B);

        var failure = await Assert.ThrowsAsync<RemoteGrainException>(() => Grains(silos.A).GetGrain<IWhereGrain>(key).FailAsync("boom on B"));

        Assert.Contains("boom on B", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_remote_call_without_an_answer_fails_with_an_unknown_outcome()
    {
        await using var silos = await TwoSilos.StartAsync(callTimeout: "00:00:00.500");
        var key = silos.KeyOwnedBy(silos.B);

        var failure = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => Grains(silos.A).GetGrain<IWhereGrain>(key).WaitAsync(1));

        Assert.Contains("outcome is unknown", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_lost_with_a_call_in_flight_fails_the_call_as_unknown_outcome()
    {
        await using var silos = await TwoSilos.StartAsync();
        var key = silos.KeyOwnedBy(silos.B);
        var call = Grains(silos.A).GetGrain<IWhereGrain>(key).WaitAsync(7);
        await silos.Gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        silos.B.Services.GetRequiredService<SiloConnections>().CloseAll("test cut the wire");

        var failure = await Assert.ThrowsAsync<SiloConnectionLostException>(() => call);
        Assert.Contains("outcome is unknown", failure.Message, StringComparison.Ordinal);

        // The next call makes a new connection.
        silos.Gate.Open.TrySetResult();
        Assert.Equal(8, await Grains(silos.A).GetGrain<IWhereGrain>(key).WaitAsync(8));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("huge-length")]
    [InlineData("wrong-cluster")]
    [InlineData("silence")]
    public async Task A_stranger_on_the_silo_port_is_dropped_and_the_silo_keeps_serving(string kind)
    {
        await using var silos = await TwoSilos.StartAsync();
        var endpoint = TwoSilos.AddressOf(silos.B).Endpoint;
        using var stranger = new TcpClient();
        await stranger.ConnectAsync(endpoint.Address, endpoint.Port);
        var stream = stranger.GetStream();
        byte[] bytes = kind switch
        {
            "garbage" => Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
            "huge-length" => [0x7F, 0xFF, 0xFF, 0xFF, 1, 2, 3],
            "wrong-cluster" => Frame("""{"k":"hello","clusterId":"someone-else","host":"127.0.0.1","port":1,"generation":1,"membershipVersion":0}"""),
            _ => [],
        };
        await stream.WriteAsync(bytes);

        // The silo hangs up (read returns 0) — for silence, after its hello timeout.
        var buffer = new byte[256];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = await ReadUntilClosedAsync(stream, buffer, timeout.Token);
        Assert.Equal(0, read);

        var answer = await Grains(silos.A).GetGrain<IWhereGrain>(silos.KeyOwnedBy(silos.B)).WhereAsync("still serving");
        Assert.Equal(TwoSilos.AddressOf(silos.B).ToString(), answer.Silo);
    }

    [Fact]
    public async Task A_probe_answers_for_a_live_silo_and_misses_for_a_closed_port()
    {
        await using var silos = await TwoSilos.StartAsync();
        var prober = silos.A.Services.GetRequiredService<ISiloProber>();
        using var unused = new TcpListener(System.Net.IPAddress.Loopback, 0);
        unused.Start();
        var closedPort = ((System.Net.IPEndPoint)unused.LocalEndpoint).Port;
        unused.Stop();

        Assert.True(await prober.ProbeAsync(TwoSilos.AddressOf(silos.B), TimeSpan.FromSeconds(5), CancellationToken.None));
        Assert.False(await prober.ProbeAsync(new SiloAddress(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, closedPort), 1), TimeSpan.FromSeconds(2), CancellationToken.None));
    }

    private static IGrainFactory Grains(IHost silo) => silo.Services.GetRequiredService<IGrainFactory>();

    private static byte[] Frame(string json)
    {
        var payload = Encoding.UTF8.GetBytes(json);
        var frame = new byte[4 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, payload.Length);
        payload.CopyTo(frame, 4);
        return frame;
    }

    private static async Task<int> ReadUntilClosedAsync(NetworkStream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 1000; i++)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, cancellationToken);
            }
            catch (IOException)
            {
                return 0; // reset by peer: also a hang-up
            }

            if (read == 0)
            {
                return 0;
            }
        }

        return -1;
    }
}
