using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Leasehold.Grains;
using Leasehold.Runtime;
using Leasehold.Runtime.Membership;
using Leasehold.Runtime.Placement;
using Leasehold.Testing;
using Xunit.Abstractions;

namespace Leasehold.Cluster.Tests;

/// <summary>
/// Three real <c>src/Api</c> processes on one SQLite file, as the README's "Run a three-node cluster locally"
/// starts them (each on its own loopback address here, so the test collides with nothing). The process that
/// hosts a lease grain is SIGKILLed; the other two keep serving the lease and the objects, fences still growing.
/// </summary>
public sealed class MultiProcessClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "leasehold-processes", Guid.NewGuid().ToString("N"));
    private readonly List<Node> _nodes = [];

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var firstHost = Random.Shared.Next(20, 240);
        for (var i = 0; i < 3; i++)
        {
            _nodes.Add(Node.Start($"127.0.0.{firstHost + i}", Path.Combine(_folder, "cluster.db")));
        }

        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task Killing_the_process_that_hosts_a_lease_with_SIGKILL_leaves_the_other_two_serving_it_with_growing_fences()
    {
        await Eventually.True(async () => await ActiveSilosSeenByAsync(_nodes[0]) == 3, Bound, () => $"three processes form one cluster; {Logs()}");
        var first = await AcquireAsync(_nodes[0], "client-1", ttlMs: 2_000);
        await PutAsync(_nodes[1], first, "written by client-1");

        var victim = await HostOfLeaseAsync(_nodes[0], "orders");
        var survivors = _nodes.Where(n => n != victim).ToList();
        victim.Kill();

        // The next holder waits in line on a survivor: the lease grain comes back there, keeps client-1's lease
        // until it expires (plus the clock uncertainty of a recovered lease), then grants the next fence.
        var second = await AcquireAsync(survivors[0], "client-2", ttlMs: 10_000, waitMs: 15_000);
        await PutAsync(survivors[1], second, "written by client-2");
        using var stale = await PutRequestAsync(survivors[0], first, "late write by client-1");
        var stored = await survivors[1].Http.GetStringAsync("/v1/objects/orders-report");
        await Eventually.True(async () => await ActiveSilosSeenByAsync(survivors[0]) == 2, Bound, "the survivors see the killed process dead");

        Assert.True(second.Fence > first.Fence, $"fence {second.Fence} after the kill is not above {first.Fence}");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("written by client-2", stored);
        Assert.True(victim.Process.HasExited);
        output.WriteLine($"Fences {first.Fence} → {second.Fence}; killed {victim.Host}.");
    }

    [Fact]
    public async Task A_process_stopped_with_SIGSTOP_is_voted_dead_and_exits_by_itself_after_SIGCONT_while_its_late_write_is_refused()
    {
        await Eventually.True(async () => await ActiveSilosSeenByAsync(_nodes[0]) == 3, Bound, () => $"three processes form one cluster; {Logs()}");
        var victim = await HostOfLeaseAsync(_nodes[0], "orders");
        var survivors = _nodes.Where(n => n != victim).ToList();
        var first = await AcquireAsync(survivors[0], "client-1", ttlMs: 1_000);

        victim.Signal(Node.SigStop);
        await Eventually.True(async () => await ActiveSilosSeenByAsync(survivors[0]) == 2, Bound, "the survivors vote the stopped process dead");
        var second = await AcquireAsync(survivors[0], "client-2", ttlMs: 10_000, waitMs: 15_000);
        await PutAsync(survivors[1], second, "written by client-2");
        victim.Signal(Node.SigCont);
        var exited = victim.Process.WaitForExit(30_000);
        using var late = await PutRequestAsync(survivors[1], first, "late write by client-1");

        Assert.True(exited, $"the woken process did not stop itself; {Logs()}");
        Assert.True(second.Fence > first.Fence);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("written by client-2", await survivors[0].Http.GetStringAsync("/v1/objects/orders-report"));
    }

    private static async Task<int> ActiveSilosSeenByAsync(Node node)
    {
        try
        {
            var view = await node.Http.GetFromJsonAsync<ClusterBody>("/v1/cluster");
            return view!.Silos.Count(s => s.Status == "Active");
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    private async Task<Node> HostOfLeaseAsync(Node node, string resource)
    {
        var view = await node.Http.GetFromJsonAsync<ClusterBody>("/v1/cluster");
        var active = view!.Silos.Where(s => s.Status == "Active").Select(s => new SiloAddress(IPEndPoint.Parse(s.Address), s.Generation)).ToList();
        var owner = RendezvousPlacement.OwnerOf(GrainId.For<ILeaseGrain>(resource), active)!.Value;
        return _nodes.Single(n => n.Host == owner.Endpoint.Address.ToString());
    }

    private static async Task<LeaseBody> AcquireAsync(Node node, string holder, long ttlMs, long waitMs = 0)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await node.Http.PostAsJsonAsync("/v1/leases/orders/acquire", new { holder, ttlMs, waitMs });
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return (await response.Content.ReadFromJsonAsync<LeaseBody>())!;
            }

            // Unavailable and unknown outcomes are retried (acquire is idempotent per holder); nothing else is expected.
            Assert.True(response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout, $"acquire answered {response.StatusCode}");
            Assert.True(clock.Elapsed < Bound, "the lease was not granted in time");
        }
    }

    private static async Task PutAsync(Node node, LeaseBody lease, string text)
    {
        using var response = await PutRequestAsync(node, lease, text);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static Task<HttpResponseMessage> PutRequestAsync(Node node, LeaseBody lease, string text)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/v1/objects/orders-report") { Content = new StringContent(text) };
        request.Headers.TryAddWithoutValidation("Fencing-Token", lease.Token);
        return node.Http.SendAsync(request);
    }

    private string Logs() => string.Join("\n", _nodes.Select(n => $"--- {n.Host}:\n{string.Join("\n", n.Output.TakeLast(20))}"));

    /// <summary>One Leasehold API process started by this test, ended only by this test (by its own handle).</summary>
    private sealed class Node : IDisposable
    {
        private Node(string host, Process process)
        {
            Host = host;
            Process = process;
            Http = new HttpClient { BaseAddress = new Uri($"http://{host}:5080"), Timeout = TimeSpan.FromSeconds(40) };
        }

        public string Host { get; }

        public Process Process { get; }

        public HttpClient Http { get; }

        public ConcurrentQueue<string> Output { get; } = new();

        public static Node Start(string host, string database)
        {
            var api = Path.Combine(AppContext.BaseDirectory, "Leasehold.Api.dll");
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                api, "--urls", $"http://{host}:5080", $"--Cluster:SiloAddress={host}", "--Cluster:SiloPort=11111",
                $"--Storage:ConnectionString=Data Source={database}", "--Logging:LogLevel:Default=Warning",
            })
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start)!;
            var node = new Node(host, process);
            process.OutputDataReceived += (_, e) => node.Output.Enqueue(e.Data ?? string.Empty);
            process.ErrorDataReceived += (_, e) => node.Output.Enqueue(e.Data ?? string.Empty);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return node;
        }

        public const int SigCont = 18;
        public const int SigStop = 19;

        /// <summary>Sends a signal to this node's own process (Linux numbers).</summary>
        public void Signal(int signal) => Assert.Equal(0, NativeMethods.Kill(Process.Id, signal));

        /// <summary>SIGKILL: no goodbye, no flush.</summary>
        public void Kill()
        {
            Process.Kill(entireProcessTree: false);
            Process.WaitForExit(10_000);
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill();
                Process.WaitForExit(10_000);
            }

            Process.Dispose();
            Http.Dispose();
        }
    }
}

internal static class NativeMethods
{
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static extern int Kill(int pid, int signal);
}
