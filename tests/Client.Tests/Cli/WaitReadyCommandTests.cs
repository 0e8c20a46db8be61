using System.Net;
using System.Net.Sockets;
using Leasehold.Cli;

namespace Leasehold.Client.Tests.Cli;

/// <summary><c>leasehold wait-ready</c>: returns once the node is ready, and gives up with the last reason at its timeout.</summary>
[Collection(ServerCollection.Name)]
public sealed class WaitReadyCommandTests(LeaseholdServer server)
{
    [Fact]
    public async Task Wait_ready_returns_at_once_for_a_ready_node_and_names_its_silo()
    {
        var result = await CliRunner.RunAsync(server.Endpoint, "wait-ready", "--timeout", "10s");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Matches(@"(?m)^status\s+ready$", result.Output);
        Assert.Matches(@"(?m)^silo\s+\S+", result.Output);
    }

    [Fact]
    public async Task Wait_ready_gives_up_at_its_timeout_with_the_unreachable_code_when_nothing_listens()
    {
        var result = await CliRunner.RunAsync(new Uri($"http://127.0.0.1:{FreePort()}"), "wait-ready", "--timeout", "1s");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.StartsWith("leasehold: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_ready_keeps_trying_until_a_listener_appears()
    {
        // A port that refuses at first; a stand-in node starts listening on it while wait-ready polls.
        var port = FreePort();
        var waiting = CliRunner.RunAsync(new Uri($"http://127.0.0.1:{port}"), "wait-ready", "--timeout", "20s");
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        listener.Start();
        var answering = AnswerReadyAsync(listener);

        var result = await waiting.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Matches(@"(?m)^silo\s+stand-in$", result.Output);
        listener.Stop();
        await answering;
    }

    private static async Task AnswerReadyAsync(HttpListener listener)
    {
        try
        {
            var context = await listener.GetContextAsync();
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync("{\"status\":\"ready\",\"silo\":\"stand-in\"}"u8.ToArray());
            context.Response.Close();
        }
        catch (HttpListenerException)
        {
            // Stopped before a request came: the assertion above says what went wrong.
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
