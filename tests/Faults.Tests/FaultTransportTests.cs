using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging.Abstractions;

namespace Leasehold.Faults.Tests;

/// <summary>The transport wrapper alone, over an in-memory pipe: what it holds, what it hands on, and that a frame stays whole.</summary>
public sealed class FaultTransportTests
{
    private static readonly IPEndPoint Remote = new(IPAddress.Loopback, 11_111);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_flush_to_a_dropped_silo_is_held_until_the_heal_and_then_delivered_whole()
    {
        var (faults, transport, wire) = Connect();
        faults.DropMessagesTo(Remote);

        transport.Output.Write(new byte[] { 1, 2, 3, 4 });
        var flush = transport.Output.FlushAsync().AsTask();
        Assert.False(wire.Reader.TryRead(out _), "nothing leaves while the rule holds");
        Assert.False(flush.IsCompleted);

        faults.Heal(Remote);
        await flush.WaitAsync(Bound);
        var read = await wire.Reader.ReadAsync().AsTask().WaitAsync(Bound);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, read.Buffer.ToArray());
    }

    [Fact]
    public async Task A_rule_for_another_silo_holds_nothing()
    {
        var (faults, transport, wire) = Connect();
        faults.DropMessagesTo(new IPEndPoint(IPAddress.Loopback, 22_222));

        transport.Output.Write(new byte[] { 9 });
        await transport.Output.FlushAsync().AsTask().WaitAsync(Bound);

        Assert.True(wire.Reader.TryRead(out var read));
        Assert.Equal(new byte[] { 9 }, read.Buffer.ToArray());
    }

    [Fact]
    public async Task A_paused_transport_hands_on_no_read_until_resume()
    {
        var (faults, transport, wire) = Connect();
        faults.Pause();

        await wire.Writer.WriteAsync(new byte[] { 7 });
        var read = transport.Input.ReadAsync().AsTask();
        var flush = WriteAndFlush(transport, 8);
        Assert.False(read.IsCompleted, "a paused silo hears nothing");
        Assert.False(flush.IsCompleted, "a paused silo says nothing");

        faults.Resume();
        Assert.Equal(new byte[] { 7 }, (await read.WaitAsync(Bound)).Buffer.ToArray());
        await flush.WaitAsync(Bound);
    }

    [Fact]
    public async Task Cancelling_a_held_flush_returns_it_cancelled_without_sending()
    {
        var (faults, transport, wire) = Connect();
        faults.DropMessagesTo(Remote);
        var flush = WriteAndFlush(transport, 5);

        transport.Output.CancelPendingFlush();

        Assert.True((await flush.WaitAsync(Bound)).IsCanceled);
        Assert.False(wire.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Cancelling_a_held_read_returns_it_at_once()
    {
        var (faults, transport, wire) = Connect();
        faults.Pause();
        await wire.Writer.WriteAsync(new byte[] { 1 });
        var read = transport.Input.ReadAsync().AsTask();

        transport.Input.CancelPendingRead();

        Assert.True((await read.WaitAsync(Bound)).IsCanceled);
    }

    [Fact]
    public async Task A_delayed_flush_waits_at_least_the_delay_on_the_monotonic_clock()
    {
        var (faults, transport, wire) = Connect();
        var delay = TimeSpan.FromMilliseconds(120);
        faults.DelayMessagesTo(Remote, delay);

        var started = TimeProvider.System.GetTimestamp();
        await WriteAndFlush(transport, 3).WaitAsync(Bound);

        Assert.True(TimeProvider.System.GetElapsedTime(started) >= delay);
        Assert.True(wire.Reader.TryRead(out _));
    }

    private static async Task<FlushResult> WriteAndFlush(FaultTransport transport, byte value)
    {
        transport.Output.Write(new[] { value });
        return await transport.Output.FlushAsync();
    }

    /// <summary>
    /// An outbound connection to <see cref="Remote"/>: what this side writes goes to <c>wire</c>'s writer's pipe (read
    /// it from <c>wire.Reader</c>), and what the remote sends is written to <c>wire.Writer</c>.
    /// </summary>
    private static (FaultController Faults, FaultTransport Transport, (PipeReader Reader, PipeWriter Writer) Wire) Connect()
    {
        var outgoing = new Pipe();
        var incoming = new Pipe();
        var context = new DefaultConnectionContext("test", new DuplexPipe(incoming.Reader, outgoing.Writer), new DuplexPipe(outgoing.Reader, incoming.Writer))
        {
            RemoteEndPoint = Remote,
        };
        var faults = new FaultController(new FaultClock(TimeProvider.System), new FaultsInstruments(new TestMeterFactory()), NullLogger<FaultController>.Instance);
        var transport = new FaultTransport(context.Transport, new RemoteSilo(context, ConnectionKind.SiloOutbound), faults);
        return (faults, transport, (outgoing.Reader, incoming.Writer));
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }
}
