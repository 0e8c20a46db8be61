using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Leasehold.Cli.Bench;

/// <summary>
/// One simulated client: its own resource and key, its own histograms and error counts (nothing shared on the hot
/// path), and a loop that sends one request at a time over the shared keep-alive connection pool. Request bodies are
/// encoded once; responses are read with a forward-only JSON reader, so the generator spends its CPU on requests.
/// </summary>
internal sealed class BenchClient
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly MediaTypeHeaderValue Octets = new("application/octet-stream");

    private readonly HttpClient _http;
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

    public BenchClient(HttpClient http, BenchWindow window, string runId, int index, TimeSpan ttl)
    {
        _http = http;
        _window = window;
        _ttlMs = (long)ttl.TotalMilliseconds;
        _resourcePath = $"v1/leases/bench-{runId}-{index}";
        _objectPath = $"v1/objects/bench-{runId}-{index}.obj";
        _acquireBody = Encoding.UTF8.GetBytes($$"""{"holder":"bench-{{runId}}-{{index}}","ttlMs":{{_ttlMs}}}""");
        _value = new byte[64];
        _random = new Random(index);
        _random.NextBytes(_value);
    }

    /// <summary>Units of throughput completed inside the recording window (cycles, renewals, writes, operations, leases).</summary>
    public long Units { get; private set; }

    public LatencyHistogram HistogramOf(BenchOperation operation) => _histograms[(int)operation];

    public IReadOnlyDictionary<string, long> Errors => _errors;

    /// <summary>Runs <paramref name="workload"/> until the window closes (or, for <see cref="BenchWorkload.Hold"/>, the leases are taken).</summary>
    public async Task RunAsync(BenchWorkload workload, Func<int?> nextHoldIndex, string runId, CancellationToken cancellationToken)
    {
        switch (workload)
        {
            case BenchWorkload.AcquireRelease:
                while (_window.Running)
                {
                    await CycleAsync(cancellationToken).ConfigureAwait(false);
                }

                break;
            case BenchWorkload.Renew:
                while (_window.Running)
                {
                    await EnsureLeaseAsync(cancellationToken).ConfigureAwait(false);
                    if (await RenewAsync(cancellationToken).ConfigureAwait(false))
                    {
                        CountUnit();
                    }
                }

                break;
            case BenchWorkload.Write:
                while (_window.Running)
                {
                    await EnsureLeaseAsync(cancellationToken).ConfigureAwait(false);
                    if (await WriteAsync(cancellationToken).ConfigureAwait(false))
                    {
                        CountUnit();
                    }
                }

                break;
            case BenchWorkload.Mix:
                while (_window.Running)
                {
                    await EnsureLeaseAsync(cancellationToken).ConfigureAwait(false);
                    var pick = _random.Next(8);
                    var ok = pick switch
                    {
                        < 4 => await WriteAsync(cancellationToken).ConfigureAwait(false),
                        < 6 => await RenewAsync(cancellationToken).ConfigureAwait(false),
                        6 => await ReadLeaseAsync(cancellationToken).ConfigureAwait(false),
                        _ => await ReleaseAsync(cancellationToken).ConfigureAwait(false),
                    };
                    if (ok)
                    {
                        CountUnit();
                    }
                }

                break;
            case BenchWorkload.Hold:
                while (nextHoldIndex() is { } index)
                {
                    var path = $"v1/leases/bench-{runId}-hold-{index}/acquire";
                    if (await AcquireAsync(path, cancellationToken).ConfigureAwait(false))
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

    private async Task CycleAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (await AcquireAsync($"{_resourcePath}/acquire", cancellationToken).ConfigureAwait(false)
            && await ReleaseAsync(cancellationToken).ConfigureAwait(false))
        {
            Record(BenchOperation.Cycle, started);
            CountUnit();
        }
    }

    /// <summary>Takes this client's lease if it holds none (unrecorded set-up, and again after a lease was lost).</summary>
    private async Task EnsureLeaseAsync(CancellationToken cancellationToken)
    {
        while (_leaseId is null && _window.Running)
        {
            await AcquireAsync($"{_resourcePath}/acquire", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonBody(_acquireBody) };
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response?.StatusCode != HttpStatusCode.OK)
        {
            CountError(response);
            return false;
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        (_leaseId, _token) = ReadLease(body);
        Record(BenchOperation.Acquire, started);
        return true;
    }

    private async Task<bool> ReleaseAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{_resourcePath}/release") { Content = JsonBody(LeaseIdBody(withTtl: false)) };
        _leaseId = _token = null;
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response?.StatusCode != HttpStatusCode.NoContent)
        {
            CountError(response);
            return false;
        }

        Record(BenchOperation.Release, started);
        return true;
    }

    private async Task<bool> RenewAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{_resourcePath}/renew") { Content = JsonBody(LeaseIdBody(withTtl: true)) };
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response?.StatusCode != HttpStatusCode.OK)
        {
            CountError(response);
            _leaseId = _token = null;
            return false;
        }

        // Drain the body so the connection is reused at once.
        await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        Record(BenchOperation.Renew, started);
        return true;
    }

    private async Task<bool> WriteAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var content = new ByteArrayContent(_value);
        content.Headers.ContentType = Octets;
        using var request = new HttpRequestMessage(HttpMethod.Put, _objectPath) { Content = content };
        request.Headers.TryAddWithoutValidation("Fencing-Token", _token);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response?.StatusCode != HttpStatusCode.OK)
        {
            CountError(response);

            // A refused token (stale, lost): take the lease again for a newer fence.
            _leaseId = _token = null;
            return false;
        }

        await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        Record(BenchOperation.Write, started);
        return true;
    }

    private async Task<bool> ReadLeaseAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, _resourcePath), cancellationToken).ConfigureAwait(false);
        if (response?.StatusCode != HttpStatusCode.OK)
        {
            CountError(response);
            return false;
        }

        await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        Record(BenchOperation.Read, started);
        return true;
    }

    /// <summary>The response, or null when the request failed in transport (counted as an error by exception type).</summary>
    private async Task<HttpResponseMessage?> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            if (_window.Recording)
            {
                var key = ex is TaskCanceledException ? "timeout" : "transport";
                _errors[key] = _errors.GetValueOrDefault(key) + 1;
            }

            return null;
        }
    }

    private void CountError(HttpResponseMessage? response)
    {
        if (response is not null && _window.Recording)
        {
            var key = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _errors[key] = _errors.GetValueOrDefault(key) + 1;
        }
    }

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

    private static ByteArrayContent JsonBody(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        return content;
    }

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
