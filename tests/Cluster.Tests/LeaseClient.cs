using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Leasehold.Cluster.Tests;

/// <summary>What a client saw of one request: an answer, or no answer (outcome unknown).</summary>
public enum Outcome
{
    Ok,
    Refused,
    Unavailable,
    Unknown,
}

/// <summary>One operation as a client recorded it, with when it was invoked and when it completed (ms since the history began).</summary>
public sealed record Operation(string Client, string Kind, string Resource, double InvokedMs, double CompletedMs, Outcome Outcome, int Status, string? Problem, long? Fence, string? LeaseId, string? Value);

/// <summary>
/// A lease-service client over one silo's HTTP API that records every operation. Statuses other than the
/// contract's (200, 409, 503, 504) are recorded with <see cref="Outcome.Unknown"/> and their status, so a
/// test can assert there were none.
/// </summary>
public sealed class LeaseClient(string name, HttpClient http, History history)
{
    public string Name => name;

    public async Task<LeaseBody?> AcquireAsync(string resource, long ttlMs, long waitMs)
    {
        var (operation, body) = await history.RecordAsync(name, "acquire", resource, () => http.PostAsJsonAsync($"/v1/leases/{resource}/acquire", new { holder = name, ttlMs, waitMs }));
        var lease = body is { } json ? json.Deserialize<LeaseBody>(JsonOptions) : null;
        history.Complete(operation with { Fence = lease?.Fence, LeaseId = lease?.LeaseId });
        return lease;
    }

    public async Task<bool> ReleaseAsync(string resource, string leaseId)
    {
        var (operation, _) = await history.RecordAsync(name, "release", resource, () => http.PostAsJsonAsync($"/v1/leases/{resource}/release", new { leaseId }));
        history.Complete(operation with { LeaseId = leaseId });
        return operation.Outcome == Outcome.Ok;
    }

    public async Task<Outcome> PutAsync(string key, LeaseBody lease, string value)
    {
        var (operation, _) = await history.RecordAsync(name, "write", lease.Resource, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/objects/{key}") { Content = new StringContent(value) };
            request.Headers.TryAddWithoutValidation("Fencing-Token", lease.Token);
            return http.SendAsync(request);
        });
        history.Complete(operation with { Fence = lease.Fence, LeaseId = lease.LeaseId, Value = value });
        return operation.Outcome;
    }

    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

/// <summary>The lease body as a client reads it.</summary>
public sealed record LeaseBody(string Resource, string Holder, string LeaseId, long Fence, string Token, long TtlMs);

/// <summary>Every operation of a test's clients, in completion order.</summary>
public sealed class History
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<Operation> _operations = [];

    public double NowMs => _clock.Elapsed.TotalMilliseconds;

    public IReadOnlyList<Operation> Operations
    {
        get
        {
            lock (_operations)
            {
                return [.. _operations];
            }
        }
    }

    /// <summary>Runs one request and classifies its answer; the caller completes the record with what it learned.</summary>
    internal async Task<(Operation Operation, JsonElement? Body)> RecordAsync(string client, string kind, string resource, Func<Task<HttpResponseMessage>> send)
    {
        var invoked = NowMs;
        try
        {
            using var response = await send();
            var text = await response.Content.ReadAsStringAsync();
            var body = text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true
                ? JsonSerializer.Deserialize<JsonElement>(text)
                : (JsonElement?)null;
            var problem = response.IsSuccessStatusCode ? null : body?.TryGetProperty("type", out var type) == true ? type.GetString() : null;
            var outcome = response.StatusCode switch
            {
                HttpStatusCode.OK or HttpStatusCode.NoContent => Outcome.Ok,
                HttpStatusCode.Conflict => Outcome.Refused,
                HttpStatusCode.ServiceUnavailable => Outcome.Unavailable,
                _ => Outcome.Unknown,
            };
            return (new Operation(client, kind, resource, invoked, NowMs, outcome, (int)response.StatusCode, problem, null, null, null), response.IsSuccessStatusCode ? body : null);
        }
        catch (HttpRequestException ex)
        {
            // The silo's HTTP endpoint went away with the request on the wire.
            return (new Operation(client, kind, resource, invoked, NowMs, Outcome.Unknown, 0, ex.Message, null, null, null), null);
        }
    }

    /// <summary>Counts by kind and status, and the last few operations: what a failed wait prints.</summary>
    public string Summary()
    {
        var operations = Operations;
        var counts = string.Join(", ", operations.GroupBy(o => $"{o.Kind} {o.Status} {o.Problem}").Select(g => $"{g.Key} × {g.Count()}"));
        return $"{operations.Count} operations ({counts}); last: {string.Join(" | ", operations.TakeLast(3))}";
    }

    internal void Complete(Operation operation)
    {
        lock (_operations)
        {
            _operations.Add(operation);
        }
    }
}
