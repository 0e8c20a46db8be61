using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Leasehold.Testing;
using Xunit.Abstractions;

namespace Leasehold.Cluster.Tests;

/// <summary>
/// A node is SIGKILLed in the middle of a stream of fenced writes from several clients, and started again on the
/// same database. Nothing is acknowledged before its commit, so every acknowledged write is there after the restart:
/// each key holds its last acknowledged value, or the value of a later write whose outcome its client never learnt.
/// The lease counters survive too: no fence granted before the kill can be granted again.
/// </summary>
public sealed class NodeKillLossTests(ITestOutputHelper output) : ApiNodeTest
{
    private const int Writers = 4;
    private const int KeysPerWriter = 4;
    private const int WritesPerLease = 16;
    private const int AcknowledgedBeforeKill = 40;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task Every_write_acknowledged_before_a_SIGKILL_in_the_middle_of_a_stream_is_there_after_the_restart(StorageProvider storage)
    {
        await UseDatabaseAsync(storage);
        var host = $"127.0.0.{Random.Shared.Next(20, 240)}";
        var node = await StartReadyAsync(host);
        var log = new WriteLog();
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() => StreamAsync(node.Http, w, log))).ToArray();

        // Kill while every writer is streaming: each has had writes acknowledged and keeps sending more.
        await Eventually.True(
            () => Enumerable.Range(0, Writers).All(w => log.AcknowledgedBy(w) >= AcknowledgedBeforeKill) || writers.Any(t => t.IsCompleted),
            Bound, () => $"every writer has {AcknowledgedBeforeKill} acknowledged writes; {log.Summary()}\n{node.Tail()}");
        Assert.True(writers.All(t => !t.IsCompleted), $"a writer stopped before the kill; {log.Summary()}\n{node.Tail()}");
        node.Kill();
        var endings = await Task.WhenAll(writers).WaitAsync(Bound);

        var restarted = await StartReadyAsync(host);
        var lost = new List<string>();
        for (var writer = 0; writer < Writers; writer++)
        {
            for (var slot = 0; slot < KeysPerWriter; slot++)
            {
                if (await CheckKeyAsync(restarted.Http, log, KeyOf(writer, slot)) is { } problem)
                {
                    lost.Add(problem);
                }
            }

            var counter = await restarted.Http.GetFromJsonAsync<LeaseState>($"/v1/leases/{ResourceOf(writer)}");
            var granted = log.GrantsOf(writer).Max();
            if (counter!.Fence < granted)
            {
                lost.Add($"{ResourceOf(writer)}: fence {granted} was granted before the kill, the counter after the restart is {counter.Fence}");
            }
        }

        Assert.All(endings, e => Assert.True(e.Unanswered, $"a writer ended with an answer rather than by the kill: {e.Detail}"));
        Assert.True(lost.Count == 0, $"Lost after the restart:\n{string.Join("\n", lost)}\n{log.Summary()}");
        output.WriteLine($"{storage}: {log.Summary()}; writers ended with: {string.Join(" | ", endings.Select(e => e.Detail))}");
    }

    /// <summary>Why the key is wrong after the restart, or null when it holds a value the writes allow.</summary>
    private static async Task<string?> CheckKeyAsync(HttpClient http, WriteLog log, string key)
    {
        var writes = log.WritesTo(key);
        var lastAcknowledged = writes.LastOrDefault(w => w.Acknowledged);

        // Allowed: the last acknowledged write, or a write sent after it whose answer never came.
        var allowed = writes.Where(w => w == lastAcknowledged || (!w.Acknowledged && (lastAcknowledged is null || w.Sequence > lastAcknowledged.Sequence))).ToList();
        using var response = await http.GetAsync($"/v1/objects/{key}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return lastAcknowledged is null ? null : $"{key}: missing; {lastAcknowledged} was acknowledged";
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var value = await response.Content.ReadAsStringAsync();
        var fence = long.Parse(response.Headers.GetValues("Fencing-Fence").Single(), CultureInfo.InvariantCulture);
        return allowed.Any(w => w.Value == value && w.Fence == fence)
            ? null
            : $"{key}: holds '{value}' (fence {fence}); allowed: {string.Join(", ", allowed.Select(w => $"'{w.Value}'"))}";
    }

    /// <summary>
    /// One client's stream: take its lease, write its keys in turn with the lease's token, release, again; until a
    /// request gets no answer (the node was killed). Returns how the stream ended.
    /// </summary>
    private static async Task<Ending> StreamAsync(HttpClient http, int writer, WriteLog log)
    {
        var resource = ResourceOf(writer);
        for (var sequence = 0; ;)
        {
            var (acquired, lease) = await SendAsync(() => http.PostAsJsonAsync($"/v1/leases/{resource}/acquire", new { holder = $"writer-{writer}", ttlMs = 60_000 }));
            if (acquired.Status != HttpStatusCode.OK)
            {
                return acquired;
            }

            var fence = lease!.Value.GetProperty("fence").GetInt64();
            var token = lease.Value.GetProperty("token").GetString()!;
            log.Granted(writer, fence);
            for (var i = 0; i < WritesPerLease; i++, sequence++)
            {
                var write = new Write(writer, sequence, KeyOf(writer, sequence % KeysPerWriter), $"writer {writer} write {sequence} fence {fence}", fence);
                var (put, _) = await SendAsync(() =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/objects/{write.Key}") { Content = new StringContent(write.Value) };
                    request.Headers.TryAddWithoutValidation("Fencing-Token", token);
                    return http.SendAsync(request);
                });
                log.Add(write with { Acknowledged = put.Status == HttpStatusCode.OK });
                if (put.Status != HttpStatusCode.OK)
                {
                    return put;
                }
            }

            var (released, _) = await SendAsync(() => http.PostAsJsonAsync($"/v1/leases/{resource}/release", new { leaseId = lease.Value.GetProperty("leaseId").GetString() }));
            if (released.Status != HttpStatusCode.NoContent)
            {
                return released;
            }
        }
    }

    /// <summary>Sends one request; no answer (the connection broke or was refused) is an <see cref="Ending"/> with no status.</summary>
    private static async Task<(Ending Ending, JsonElement? Body)> SendAsync(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            using var response = await send();
            var text = await response.Content.ReadAsStringAsync();
            var body = response.IsSuccessStatusCode && text.Length > 0 ? JsonSerializer.Deserialize<JsonElement>(text) : (JsonElement?)null;
            return (new Ending(response.StatusCode, $"{(int)response.StatusCode} {text}"), body);
        }
        catch (HttpRequestException ex)
        {
            return (new Ending(null, ex.Message), null);
        }
    }

    private async Task<ApiNode> StartReadyAsync(string host)
    {
        var node = StartNode(host);
        await WaitReadyAsync(node, Bound);
        return node;
    }

    private static string ResourceOf(int writer) => $"loss-{writer}";

    private static string KeyOf(int writer, int slot) => $"loss-{writer}-{slot}";

    /// <summary>How a writer's stream ended: an answer it did not expect, or none at all (<see cref="Status"/> null).</summary>
    private sealed record Ending(HttpStatusCode? Status, string Detail)
    {
        public bool Unanswered => Status is null;
    }

    private sealed record LeaseState(long Fence);

    /// <summary>One write as its client sent it; <see cref="Acknowledged"/> when the node answered 200.</summary>
    private sealed record Write(int Writer, int Sequence, string Key, string Value, long Fence, bool Acknowledged = false);

    /// <summary>Every write and grant of the test's clients, whatever thread recorded it.</summary>
    private sealed class WriteLog
    {
        private readonly Lock _lock = new();
        private readonly List<Write> _writes = [];
        private readonly List<(int Writer, long Fence)> _grants = [];

        public void Add(Write write)
        {
            lock (_lock)
            {
                _writes.Add(write);
            }
        }

        public void Granted(int writer, long fence)
        {
            lock (_lock)
            {
                _grants.Add((writer, fence));
            }
        }

        public int AcknowledgedBy(int writer)
        {
            lock (_lock)
            {
                return _writes.Count(w => w.Writer == writer && w.Acknowledged);
            }
        }

        public IReadOnlyList<long> GrantsOf(int writer)
        {
            lock (_lock)
            {
                return [.. _grants.Where(g => g.Writer == writer).Select(g => g.Fence)];
            }
        }

        /// <summary>The writes to <paramref name="key"/> in the order their client sent them.</summary>
        public IReadOnlyList<Write> WritesTo(string key)
        {
            lock (_lock)
            {
                return [.. _writes.Where(w => w.Key == key).OrderBy(w => w.Sequence)];
            }
        }

        public string Summary()
        {
            lock (_lock)
            {
                return $"{_writes.Count(w => w.Acknowledged)} writes acknowledged, {_writes.Count(w => !w.Acknowledged)} unanswered, {_grants.Count} leases granted";
            }
        }
    }
}
