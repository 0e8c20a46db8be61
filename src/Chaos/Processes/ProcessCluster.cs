using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Leasehold.Chaos.Nemesis;

namespace Leasehold.Chaos.Processes;

/// <summary>
/// A real multi-process Leasehold cluster on loopback: one <c>Leasehold.Api</c> process per node, each on its own
/// address 127.0.0.x (HTTP port 5080, silo port 11111), sharing one SQLite file in a temporary folder, with the
/// <c>/v1/faults</c> admin routes enabled under a random key. Disposing it ends every process it started (by
/// their own handles) and deletes the folder.
/// </summary>
public sealed class ProcessCluster : IChaosCluster, IDisposable
{
    public const int HttpPort = 5080;
    public const int SiloPort = 11111;
    private static readonly TimeSpan HealthPoll = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private readonly ApiProcess[] _nodes;
    private readonly HttpClient[] _http;
    private readonly string _folder;

    private ProcessCluster(int nodes, int firstHost, string apiPath, IReadOnlyDictionary<string, string> settings)
    {
        _folder = Path.Combine(Path.GetTempPath(), "leasehold-chaos", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        Database = Path.Combine(_folder, "chaos.db");
        AdminKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _nodes = new ApiProcess[nodes];
        _http = new HttpClient[nodes];
        for (var i = 0; i < nodes; i++)
        {
            var host = $"127.0.0.{firstHost + i}";
            _nodes[i] = new ApiProcess(host, _folder, () => Arguments(apiPath, host, settings));
            _http[i] = new HttpClient { BaseAddress = new Uri($"http://{host}:{HttpPort}"), Timeout = Timeout.InfiniteTimeSpan };
        }
    }

    /// <summary>The shared SQLite file.</summary>
    public string Database { get; }

    /// <summary>The key of every node's <c>/v1/faults</c> routes.</summary>
    public string AdminKey { get; }

    public int NodeCount => _nodes.Length;

    /// <summary>
    /// Starts <paramref name="nodes"/> API processes from <paramref name="apiPath"/> (default: <c>Leasehold.Api.dll</c>
    /// next to this program) with <paramref name="settings"/> added to each command line (<c>Section:Key</c> → value).
    /// </summary>
    public static ProcessCluster Start(int nodes, string? apiPath = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nodes, 20);
        apiPath ??= Path.Combine(AppContext.BaseDirectory, "Leasehold.Api.dll");
        if (!File.Exists(apiPath))
        {
            throw new FileNotFoundException($"The API to start was not found at {apiPath}; {ServiceFinder.Options}.", apiPath);
        }

        // A random block of loopback addresses, so a run collides neither with a local cluster on 127.0.0.1 nor with another run.
        var cluster = new ProcessCluster(nodes, Random.Shared.Next(20, 250 - nodes), apiPath, settings ?? new Dictionary<string, string>());
        try
        {
            foreach (var node in cluster._nodes)
            {
                node.Start();
            }

            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    public HttpClient? ApiOf(int node) => _nodes[node].IsRunning ? _http[node] : null;

    public string NameOf(int node) => _nodes[node].Host;

    /// <summary>The silo endpoint of a node, as the fault routes name it.</summary>
    public string SiloEndpointOf(int node) => $"{_nodes[node].Host}:{SiloPort}";

    /// <summary>The last lines each process wrote, for diagnostics.</summary>
    public string Logs(int lines = 20) =>
        string.Join(Environment.NewLine, _nodes.Select(n => $"--- {n.Host}:{Environment.NewLine}{string.Join(Environment.NewLine, n.Output.TakeLast(lines))}"));

    public async Task<bool> WaitUntilHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var healthy = true;
                for (var i = 0; i < _nodes.Length && healthy; i++)
                {
                    healthy = _nodes[i].IsRunning && await ActiveSilosSeenByAsync(i, deadline.Token).ConfigureAwait(false) == _nodes.Length;
                }

                if (healthy)
                {
                    return true;
                }

                await Task.Delay(HealthPoll, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }

        foreach (var http in _http)
        {
            http.Dispose();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a process that is going away; the temporary folder is cleaned by the system later.
        }
    }

    internal ApiProcess Node(int node) => _nodes[node];

    internal HttpClient Http(int node) => _http[node];

    private async Task<int> ActiveSilosSeenByAsync(int node, CancellationToken cancellationToken)
    {
        using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        probe.CancelAfter(ProbeTimeout);
        try
        {
            using var document = await _http[node].GetFromJsonAsync<JsonDocument>("/v1/cluster", probe.Token).ConfigureAwait(false);
            return document!.RootElement.GetProperty("silos").EnumerateArray()
                .Count(s => s.GetProperty("status").GetString() == "Active");
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return 0;
        }
    }

    private string[] Arguments(string apiPath, string host, IReadOnlyDictionary<string, string> settings) =>
    [
        apiPath,
        "--urls", $"http://{host}:{HttpPort}",
        $"--Cluster:SiloAddress={host}",
        $"--Cluster:SiloPort={SiloPort}",
        $"--Storage:ConnectionString=Data Source={Database}",
        "--Faults:Enabled=true",
        $"--Faults:AdminKey={AdminKey}",
        "--Logging:LogLevel:Default=Warning",
        .. settings.Select(s => $"--{s.Key}={s.Value}"),
    ];
}
