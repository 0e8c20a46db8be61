using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Leasehold.Cli.Bench;

/// <summary>
/// One simulated client: its own resource and key, its own histograms and error counts (nothing shared on the hot
/// path), and a loop that sends one request at a time over its own keep-alive connection. Request bodies are encoded
/// once; responses are read with a forward-only JSON reader, so the generator spends its CPU on requests.
/// </summary>
internal sealed class BenchClient : IAsyncDisposable
{
    private const string Json = "application/json";
    private const string Octets = "application/octet-stream";

    private readonly BenchConnection _connection;
    private readonly BenchWindow _window;
    private readonly string _resourcePath;
    private readonly string _objectPath;
    private readonly byte[] _acquireBody;
    private readonly byte[] _value;
    private readonly long _ttlMs;
    private readonly Random _random;
    private readonly LatencyHistogram[] _histograms = [.. Enum.GetValues<BenchOperation>().Select(_ => new LatencyHistogram())];
    private readonly Dictionary<string, long> _errors = new(StringComparer.Ordinal);
    private string? _leaseId;
    private string? _token;

    /// <summary>
    /// A client on its own connection. With <paramref name="nameHolders"/> each names its own holder
    /// (<c>bench-{run}-{index}</c>); not with an API key, where the holder defaults to the key's principal, the only
    /// holder it may use.
    /// </summary>
    public BenchClient(BenchConnection connection, BenchWindow window, string runId, int index, TimeSpan ttl, bool nameHolders = true)
    {
        _connection = connection;
        _window = window;
        _ttlMs = (long)ttl.TotalMilliseconds;
        _resourcePath = $"v1/leases/bench-{runId}-{index}";
        _objectPath = $"v1/objects/bench-{runId}-{index}.obj";
        _acquireBody = Encoding.UTF8.GetBytes(nameHolders
            ? $$"""{"holder":"bench-{{runId}}-{{index}}","ttlMs":{{_ttlMs}}}"""
            : $$"""{"ttlMs":{{_ttlMs}}}""");
        _value = new byte[64];
        _random = new Random(index);
        _random.NextBytes(_value);
    }

    /// <summary>Units of throughput completed inside the recording window (cycles, renewals, writes, operations, leases).</summary>
    public long Units { get; private set; }

    public LatencyHistogram HistogramOf(BenchOperation operation) => _histograms[(int)operation];

    public IReadOnlyDictionary<string, long> Errors => _errors;

    /// <summary>Runs <paramref name="workload"/> until the window closes (or, for <see cref="BenchWorkload.Hold"/>, the leases are taken).</summary>
    public async Task RunAsync(BenchWorkload workload, Func<int?> nextHoldIndex, string runId)
    {
        switch (workload)
        {
            case BenchWorkload.AcquireRelease:
                while (_window.Running)
                {
                    await CycleAsync().ConfigureAwait(false);
                }

                break;
            case BenchWorkload.Renew:
                while (_window.Running)
                {
                    await EnsureLeaseAsync().ConfigureAwait(false);
                    if (await RenewAsync().ConfigureAwait(false))
                    {
                        CountUnit();
                    }
                }

                break;
            case BenchWorkload.Write:
                while (_window.Running)
                {
                    await EnsureLeaseAsync().ConfigureAwait(false);
                    if (await WriteAsync().ConfigureAwait(false))
                    {
                        CountUnit();
                    }
                }

                break;
            case BenchWorkload.Mix:
                while (_window.Running)
                {
                    await EnsureLeaseAsync().ConfigureAwait(false);
                    var pick = _random.Next(8);
                    var ok = pick switch
                    {
                        < 4 => await WriteAsync().ConfigureAwait(false),
                        < 6 => await RenewAsync().ConfigureAwait(false),
                        6 => await ReadLeaseAsync().ConfigureAwait(false),
                        _ => await ReleaseAsync().ConfigureAwait(false),
                    };
                    if (ok)
                    {
                        CountUnit();
                    }
                }

                break;
            case BenchWorkload.Read:
                while (_window.Running)
                {
                    await EnsureLeaseAsync().ConfigureAwait(false);
                    if (await ReadLeaseAsync().ConfigureAwait(false))
                    {
                        CountUnit();
                    }
                }

                break;
            case BenchWorkload.Ping:
                while (_window.Running)
                {
                    if (await PingAsync().ConfigureAwait(false))
                    {
                        CountUnit();
                    }
                }

                break;
            case BenchWorkload.Hold:
                while (nextHoldIndex() is { } index)
                {
                    var path = $"v1/leases/bench-{runId}-hold-{index}/acquire";
                    if (await AcquireAsync(path).ConfigureAwait(false))
                    {
                        CountUnit();
                    }
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(workload), workload, null);
        }
    }

    private void CountUnit()
    {
        if (_window.Recording)
        {
            Units++;
        }
    }

    private async Task CycleAsync()
    {
        var started = Stopwatch.GetTimestamp();
        if (await AcquireAsync($"{_resourcePath}/acquire").ConfigureAwait(false)
            && await ReleaseAsync().ConfigureAwait(false))
        {
            Record(BenchOperation.Cycle, started);
            CountUnit();
        }
    }

    /// <summary>Takes this client's lease if it holds none (unrecorded set-up, and again after a lease was lost).</summary>
    private async Task EnsureLeaseAsync()
    {
        while (_leaseId is null && _window.Running)
        {
            await AcquireAsync($"{_resourcePath}/acquire").ConfigureAwait(false);
        }
    }

    private async Task<bool> AcquireAsync(string path)
    {
        var started = Stopwatch.GetTimestamp();
        if (await SendAsync("POST", path, _acquireBody, Json).ConfigureAwait(false) is not { Status: 200 } response)
        {
            return false;
        }

        (_leaseId, _token) = ReadLease(response.Body.Span);
        Record(BenchOperation.Acquire, started);
        return true;
    }

    private async Task<bool> ReleaseAsync()
    {
        var started = Stopwatch.GetTimestamp();
        var body = LeaseIdBody(withTtl: false);
        _leaseId = _token = null;
        if (await SendAsync("POST", $"{_resourcePath}/release", body, Json).ConfigureAwait(false) is not { Status: 204 })
        {
            return false;
        }

        Record(BenchOperation.Release, started);
        return true;
    }

    private async Task<bool> RenewAsync()
    {
        var started = Stopwatch.GetTimestamp();
        if (await SendAsync("POST", $"{_resourcePath}/renew", LeaseIdBody(withTtl: true), Json).ConfigureAwait(false) is not { Status: 200 })
        {
            _leaseId = _token = null;
            return false;
        }

        Record(BenchOperation.Renew, started);
        return true;
    }

    private async Task<bool> WriteAsync()
    {
        var started = Stopwatch.GetTimestamp();
        if (await SendAsync("PUT", _objectPath, _value, Octets, _token).ConfigureAwait(false) is not { Status: 200 })
        {
            // A refused token (stale, lost): take the lease again for a newer fence.
            _leaseId = _token = null;
            return false;
        }

        Record(BenchOperation.Write, started);
        return true;
    }

    private async Task<bool> ReadLeaseAsync()
    {
        var started = Stopwatch.GetTimestamp();
        if (await SendAsync("GET", _resourcePath, ReadOnlyMemory<byte>.Empty).ConfigureAwait(false) is not { Status: 200 })
        {
            return false;
        }

        Record(BenchOperation.Read, started);
        return true;
    }

    private async Task<bool> PingAsync()
    {
        var started = Stopwatch.GetTimestamp();
        if (await SendAsync("GET", "health/live", ReadOnlyMemory<byte>.Empty).ConfigureAwait(false) is not { Status: 200 })
        {
            return false;
        }

        Record(BenchOperation.Ping, started);
        return true;
    }

    /// <summary>
    /// The answer, or null when the request failed in transport or timed out. Every failure is counted, by status or
    /// by kind, when the window records: the caller only decides what to do next.
    /// </summary>
    private async Task<BenchResponse?> SendAsync(string method, string path, ReadOnlyMemory<byte> body, string? contentType = null, string? fencingToken = null)
    {
        try
        {
            var response = await _connection.SendAsync(method, path, body, contentType, fencingToken).ConfigureAwait(false);
            if (response.Status is < 200 or > 299)
            {
                CountError(response.Status.ToString(CultureInfo.InvariantCulture));
            }

            return response;
        }
        catch (Exception ex) when (ex is IOException or TimeoutException)
        {
            CountError(ex is TimeoutException ? "timeout" : "transport");
            return null;
        }
    }

    private void CountError(string key)
    {
        if (_window.Recording)
        {
            _errors[key] = _errors.GetValueOrDefault(key) + 1;
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private void Record(BenchOperation operation, long started)
    {
        if (_window.Recording)
        {
            _histograms[(int)operation].Record(Stopwatch.GetElapsedTime(started));
        }
    }

    private byte[] LeaseIdBody(bool withTtl) => Encoding.UTF8.GetBytes(withTtl
        ? $$"""{"leaseId":"{{_leaseId}}","ttlMs":{{_ttlMs}}}"""
        : $$"""{"leaseId":"{{_leaseId}}"}""");

    /// <summary>The lease id and token of a lease body.</summary>
    internal static (string? LeaseId, string? Token) ReadLease(ReadOnlySpan<byte> body)
    {
        string? leaseId = null, token = null;
        var reader = new Utf8JsonReader(body);
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
            {
                continue;
            }

            if (reader.ValueTextEquals("leaseId"u8))
            {
                reader.Read();
                leaseId = reader.GetString();
            }
            else if (reader.ValueTextEquals("token"u8))
            {
                reader.Read();
                token = reader.GetString();
            }
        }

        return (leaseId, token);
    }
}
