using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Leasehold.Chaos.Nemesis;
using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Workload;

/// <summary>
/// A client of the HTTP API that records every request in the history: invoked before it is sent, completed when
/// the answer (or the failure) is in, classified ok / fail / unknown. Each request goes to the node the caller
/// chose, or the next running one.
/// </summary>
public sealed class ChaosClient(string name, IChaosCluster cluster, History history, TimeSpan timeout)
{
    private const string ProblemPrefix = "urn:leasehold:problem:";

    public string Name => name;

    public async Task<(OperationOutcome Outcome, LeaseGrant? Lease)> AcquireAsync(int node, string resource, long ttlMs, long waitMs, CancellationToken ct, bool shared = false)
    {
        var answer = await SendAsync(node, () => Post($"/v1/leases/{resource}/acquire", new AcquireBody(name, ttlMs, waitMs, shared ? "shared" : null)), TimeSpan.FromMilliseconds(waitMs), ct).ConfigureAwait(false);
        if (answer is null)
        {
            return (OperationOutcome.Fail, null);
        }

        var lease = answer.Outcome == OperationOutcome.Ok ? ReadLease(answer.Body) : null;
        Record(answer, OperationKind.Acquire, resource, null, lease: lease, holder: name, shared: shared);
        return (answer.Outcome, lease);
    }

    public async Task<(OperationOutcome Outcome, LeaseGrant? Lease)> RenewAsync(int node, LeaseGrant lease, long ttlMs, CancellationToken ct)
    {
        var answer = await SendAsync(node, () => Post($"/v1/leases/{lease.Resource}/renew", new RenewBody(lease.LeaseId, ttlMs)), TimeSpan.Zero, ct).ConfigureAwait(false);
        if (answer is null)
        {
            return (OperationOutcome.Fail, null);
        }

        var renewed = answer.Outcome == OperationOutcome.Ok ? ReadLease(answer.Body) : null;
        Record(answer, OperationKind.Renew, lease.Resource, null, lease: renewed ?? lease, holder: name, grantedTtl: renewed is not null, shared: lease.Shared);
        return (answer.Outcome, renewed);
    }

    public async Task<OperationOutcome> ReleaseAsync(int node, LeaseGrant lease, CancellationToken ct)
    {
        var answer = await SendAsync(node, () => Post($"/v1/leases/{lease.Resource}/release", new ReleaseBody(lease.LeaseId)), TimeSpan.Zero, ct).ConfigureAwait(false);
        if (answer is null)
        {
            return OperationOutcome.Fail;
        }

        Record(answer, OperationKind.Release, lease.Resource, null, lease: lease, grantedTtl: false, shared: lease.Shared);
        return answer.Outcome;
    }

    public async Task<OperationOutcome> WriteAsync(int node, string key, LeaseGrant lease, string value, bool late, CancellationToken ct)
    {
        var answer = await SendAsync(node, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/objects/{key}") { Content = new StringContent(value, Encoding.UTF8, "text/plain") };
            request.Headers.TryAddWithoutValidation("Fencing-Token", lease.Token);
            return request;
        }, TimeSpan.Zero, ct).ConfigureAwait(false);
        if (answer is null)
        {
            return OperationOutcome.Fail;
        }

        Record(answer, OperationKind.Write, lease.Resource, key, lease: lease, grantedTtl: false, value: value, late: late, shared: lease.Shared);
        return answer.Outcome;
    }

    /// <summary>A fenced delete: recorded like a write (its fence is the tombstone's), with no value.</summary>
    public async Task<OperationOutcome> DeleteAsync(int node, string key, LeaseGrant lease, bool late, CancellationToken ct)
    {
        var answer = await SendAsync(node, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Delete, $"/v1/objects/{key}");
            request.Headers.TryAddWithoutValidation("Fencing-Token", lease.Token);
            return request;
        }, TimeSpan.Zero, ct).ConfigureAwait(false);
        if (answer is null)
        {
            return OperationOutcome.Fail;
        }

        Record(answer, OperationKind.Delete, lease.Resource, key, lease: lease, grantedTtl: false, late: late, shared: lease.Shared);
        return answer.Outcome;
    }

    public async Task<(OperationOutcome Outcome, long? Fence)> ReadAsync(int node, string key, CancellationToken ct)
    {
        var answer = await SendAsync(node, () => new HttpRequestMessage(HttpMethod.Get, $"/v1/objects/{key}"), TimeSpan.Zero, ct).ConfigureAwait(false);
        if (answer is null)
        {
            return (OperationOutcome.Fail, null);
        }

        var found = answer is { Outcome: OperationOutcome.Ok, Status: 200 };
        // A deleted key answers 404 with the tombstone's fence: a read of the delete, held to the same rules as one of a write.
        var deleted = answer is { Outcome: OperationOutcome.Ok, Status: 404, Body: { } b }
            && b.TryGetProperty("deleted", out var d) && d.ValueKind == JsonValueKind.True;
        var fence = found && long.TryParse(answer.FencingFence, NumberStyles.Integer, CultureInfo.InvariantCulture, out var f) ? f
            : deleted && answer.Body!.Value.TryGetProperty("fence", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt64()
            : (long?)null;
        history.Complete(Operation(answer, OperationKind.Read, null, key) with { Fence = fence, Value = found ? answer.Text : null, Deleted = deleted });
        return (answer.Outcome, fence);
    }

    public async Task<OperationOutcome> GetLeaseAsync(int node, string resource, CancellationToken ct)
    {
        var answer = await SendAsync(node, () => new HttpRequestMessage(HttpMethod.Get, $"/v1/leases/{resource}"), TimeSpan.Zero, ct).ConfigureAwait(false);
        if (answer is null)
        {
            return OperationOutcome.Fail;
        }

        var operation = Operation(answer, OperationKind.GetLease, resource, null);
        if (answer is { Outcome: OperationOutcome.Ok, Body: { } body })
        {
            var held = body.TryGetProperty("held", out var h) && h.ValueKind == JsonValueKind.True;
            operation = operation with
            {
                Held = held,
                Holder = held && body.TryGetProperty("holder", out var holder) ? holder.GetString() : null,
                Fence = body.TryGetProperty("fence", out var fence) && fence.ValueKind == JsonValueKind.Number ? fence.GetInt64() : null,
                RemainingMs = held && body.TryGetProperty("remainingMs", out var remaining) && remaining.ValueKind == JsonValueKind.Number ? remaining.GetInt64() : null,
                Shared = held && body.TryGetProperty("mode", out var mode) && mode.GetString() == "shared",
            };
        }

        history.Complete(operation);
        return answer.Outcome;
    }

    /// <summary>Campaigns in <paramref name="election"/>; the lease it answers is the election's (<c>election:NAME</c>).</summary>
    public async Task<(OperationOutcome Outcome, LeaseGrant? Lease)> CampaignAsync(int node, string election, long ttlMs, long waitMs, string value, CancellationToken ct)
    {
        var answer = await SendAsync(node, () => Post($"/v1/elections/{election}/campaign", new CampaignBody(name, value, ttlMs, waitMs)), TimeSpan.FromMilliseconds(waitMs), ct).ConfigureAwait(false);
        if (answer is null)
        {
            return (OperationOutcome.Fail, null);
        }

        var lease = answer.Outcome == OperationOutcome.Ok ? ReadLease(answer.Body) : null;
        Record(answer, OperationKind.Campaign, ElectionResource(election), null, lease: lease, holder: name);
        return (answer.Outcome, lease);
    }

    /// <summary>Proclaims a new value; the service renews the term by its TTL, so this is a renewal's evidence.</summary>
    public async Task<(OperationOutcome Outcome, LeaseGrant? Lease)> ProclaimAsync(int node, string election, LeaseGrant lease, string value, CancellationToken ct)
    {
        var answer = await SendAsync(node, () => Post($"/v1/elections/{election}/proclaim", new ProclaimBody(lease.LeaseId, value)), TimeSpan.Zero, ct).ConfigureAwait(false);
        if (answer is null)
        {
            return (OperationOutcome.Fail, null);
        }

        var renewed = answer.Outcome == OperationOutcome.Ok ? ReadLease(answer.Body) : null;
        Record(answer, OperationKind.Proclaim, lease.Resource, null, lease: renewed ?? lease, holder: name, grantedTtl: renewed is not null, value: value);
        return (answer.Outcome, renewed);
    }

    public async Task<OperationOutcome> ResignAsync(int node, string election, LeaseGrant lease, CancellationToken ct)
    {
        var answer = await SendAsync(node, () => Post($"/v1/elections/{election}/resign", new ReleaseBody(lease.LeaseId)), TimeSpan.Zero, ct).ConfigureAwait(false);
        if (answer is null)
        {
            return OperationOutcome.Fail;
        }

        Record(answer, OperationKind.Resign, lease.Resource, null, lease: lease, grantedTtl: false);
        return answer.Outcome;
    }

    /// <summary>Samples who leads: 200 names the leader, its fence and time left; 404 <c>no-leader</c> the latest fence.</summary>
    public async Task<OperationOutcome> GetLeaderAsync(int node, string election, CancellationToken ct)
    {
        var answer = await SendAsync(node, () => new HttpRequestMessage(HttpMethod.Get, $"/v1/elections/{election}/leader"), TimeSpan.Zero, ct).ConfigureAwait(false);
        if (answer is null)
        {
            return OperationOutcome.Fail;
        }

        var operation = Operation(answer, OperationKind.GetLeader, ElectionResource(election), null);
        if (answer is { Outcome: OperationOutcome.Ok, Body: { } body })
        {
            var leads = answer.Status == 200;
            operation = operation with
            {
                Held = leads,
                Holder = leads && body.TryGetProperty("leader", out var leader) ? leader.GetString() : null,
                Fence = body.TryGetProperty("fence", out var fence) && fence.ValueKind == JsonValueKind.Number ? fence.GetInt64() : null,
                RemainingMs = leads && body.TryGetProperty("remainingMs", out var remaining) && remaining.ValueKind == JsonValueKind.Number ? remaining.GetInt64() : null,
                Value = leads && body.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null,
            };
        }

        history.Complete(operation);
        return answer.Outcome;
    }

    /// <summary>
    /// Acquires a permit of <paramref name="semaphore"/>; the lease it answers is the granted slot's
    /// (<c>semaphore:NAME:SLOT</c>). With no grant, the operation names the semaphore (<c>semaphore:NAME</c>) and the checker
    /// takes an unknown outcome as a possible acquire of any slot.
    /// </summary>
    public async Task<(OperationOutcome Outcome, LeaseGrant? Lease)> AcquirePermitAsync(int node, string semaphore, int permits, long ttlMs, long waitMs, CancellationToken ct)
    {
        var answer = await SendAsync(node, () => Post($"/v1/semaphores/{semaphore}/acquire", new PermitBody(name, ttlMs, permits, waitMs)), TimeSpan.FromMilliseconds(waitMs), ct).ConfigureAwait(false);
        if (answer is null)
        {
            return (OperationOutcome.Fail, null);
        }

        var lease = answer.Outcome == OperationOutcome.Ok ? ReadLease(answer.Body) : null;
        history.Complete(Operation(answer, OperationKind.AcquirePermit, lease?.Resource ?? $"semaphore:{semaphore}", null) with
        {
            LeaseId = lease?.LeaseId,
            Fence = lease?.Fence,
            TtlMs = lease?.TtlMs,
            Holder = lease is null ? null : name,
            Permits = permits,
        });
        return (answer.Outcome, lease);
    }

    /// <summary>Renews a permit through its semaphore (the slot is the last segment of the lease's resource).</summary>
    public async Task<(OperationOutcome Outcome, LeaseGrant? Lease)> RenewPermitAsync(int node, string semaphore, LeaseGrant lease, long ttlMs, CancellationToken ct)
    {
        var answer = await SendAsync(node, () => Post($"/v1/semaphores/{semaphore}/renew", new PermitRenewBody(SlotOf(lease), lease.LeaseId, ttlMs)), TimeSpan.Zero, ct).ConfigureAwait(false);
        if (answer is null)
        {
            return (OperationOutcome.Fail, null);
        }

        var renewed = answer.Outcome == OperationOutcome.Ok ? ReadLease(answer.Body) : null;
        Record(answer, OperationKind.RenewPermit, lease.Resource, null, lease: renewed ?? lease, holder: name, grantedTtl: renewed is not null);
        return (answer.Outcome, renewed);
    }

    /// <summary>Releases a permit through its semaphore, which serves its line at once.</summary>
    public async Task<OperationOutcome> ReleasePermitAsync(int node, string semaphore, LeaseGrant lease, CancellationToken ct)
    {
        var answer = await SendAsync(node, () => Post($"/v1/semaphores/{semaphore}/release", new PermitReleaseBody(SlotOf(lease), lease.LeaseId)), TimeSpan.Zero, ct).ConfigureAwait(false);
        if (answer is null)
        {
            return OperationOutcome.Fail;
        }

        Record(answer, OperationKind.ReleasePermit, lease.Resource, null, lease: lease, grantedTtl: false);
        return answer.Outcome;
    }

    /// <summary>Opens a session for <paramref name="holder"/> (201 with its id); its leases are then taken with <see cref="AcquireInSessionAsync"/>.</summary>
    public async Task<(OperationOutcome Outcome, SessionGrant? Session)> OpenSessionAsync(int node, string holder, long ttlMs, CancellationToken ct)
    {
        var answer = await SendAsync(node, () => Post("/v1/sessions", new OpenSessionBody(holder, ttlMs)), TimeSpan.Zero, ct).ConfigureAwait(false);
        if (answer is null)
        {
            return (OperationOutcome.Fail, null);
        }

        var session = answer.Outcome == OperationOutcome.Ok ? ReadSession(answer.Body) : null;
        history.Complete(SessionOperation(answer, OperationKind.OpenSession, session?.SessionId, holder));
        return (answer.Outcome, session);
    }

    /// <summary>Keeps a session alive: 200 extends it and renews its leases, 410 <c>session-lost</c> says it has ended.</summary>
    public async Task<OperationOutcome> KeepAliveSessionAsync(int node, SessionGrant session, CancellationToken ct)
    {
        var answer = await SendAsync(node, () => new HttpRequestMessage(HttpMethod.Post, $"/v1/sessions/{session.SessionId}/keepalive"), TimeSpan.Zero, ct).ConfigureAwait(false);
        if (answer is null)
        {
            return OperationOutcome.Fail;
        }

        history.Complete(SessionOperation(answer, OperationKind.KeepAliveSession, session.SessionId, session.Holder));
        return answer.Outcome;
    }

    /// <summary>Closes a session: every lease it holds ends with it (the answer says how many it released).</summary>
    public async Task<OperationOutcome> CloseSessionAsync(int node, SessionGrant session, CancellationToken ct)
    {
        var answer = await SendAsync(node, () => new HttpRequestMessage(HttpMethod.Delete, $"/v1/sessions/{session.SessionId}"), TimeSpan.Zero, ct).ConfigureAwait(false);
        if (answer is null)
        {
            return OperationOutcome.Fail;
        }

        var released = answer is { Outcome: OperationOutcome.Ok, Body: { } body } && body.TryGetProperty("releasedLeases", out var count) && count.ValueKind == JsonValueKind.Number
            ? count.GetInt32()
            : (int?)null;
        history.Complete(SessionOperation(answer, OperationKind.CloseSession, session.SessionId, session.Holder) with { ReleasedLeases = released });
        return answer.Outcome;
    }

    /// <summary>
    /// Acquires the lease on <paramref name="resource"/> in a session (<c>sessionId</c> instead of a TTL): held by the session's
    /// holder, for what is left of the session. Recorded as an acquire that names its session.
    /// </summary>
    public async Task<(OperationOutcome Outcome, LeaseGrant? Lease)> AcquireInSessionAsync(int node, string resource, SessionGrant session, long waitMs, CancellationToken ct)
    {
        var answer = await SendAsync(node, () => Post($"/v1/leases/{resource}/acquire", new SessionAcquireBody(session.SessionId, waitMs)), TimeSpan.FromMilliseconds(waitMs), ct).ConfigureAwait(false);
        if (answer is null)
        {
            return (OperationOutcome.Fail, null);
        }

        var lease = answer.Outcome == OperationOutcome.Ok ? ReadLease(answer.Body) : null;
        history.Complete(Operation(answer, OperationKind.Acquire, resource, null) with
        {
            LeaseId = lease?.LeaseId,
            Fence = lease?.Fence,
            TtlMs = lease?.TtlMs,
            Holder = session.Holder,
            SessionId = session.SessionId,
        });
        return (answer.Outcome, lease);
    }

    /// <summary>A session operation: its session and holder, and, from an answer that shows the session, its TTL and time left.</summary>
    private Operation SessionOperation(Answer answer, OperationKind kind, string? sessionId, string holder)
    {
        var body = answer.Outcome == OperationOutcome.Ok ? answer.Body : null;
        return Operation(answer, kind, null, null) with
        {
            SessionId = sessionId,
            Holder = holder,
            TtlMs = body is { } b && b.TryGetProperty("ttlMs", out var ttl) && ttl.ValueKind == JsonValueKind.Number ? ttl.GetInt64() : null,
            RemainingMs = body is { } r && r.TryGetProperty("remainingMs", out var left) && left.ValueKind == JsonValueKind.Number ? left.GetInt64() : null,
        };
    }

    private static SessionGrant? ReadSession(JsonElement? body) =>
        body is { } json
        && json.TryGetProperty("sessionId", out var id)
        && json.TryGetProperty("holder", out var holder)
        && json.TryGetProperty("ttlMs", out var ttl)
            ? new SessionGrant(id.GetString()!, holder.GetString()!, ttl.GetInt64())
            : null;

    private static int SlotOf(LeaseGrant lease) =>
        int.Parse(lease.Resource.AsSpan(lease.Resource.LastIndexOf(':') + 1), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>The resource of an election's lease.</summary>
    public static string ElectionResource(string election) => $"election:{election}";

    private void Record(
        Answer answer, OperationKind kind, string resource, string? key, LeaseGrant? lease, string? holder = null, bool grantedTtl = true, string? value = null, bool late = false, bool shared = false) =>
        history.Complete(Operation(answer, kind, resource, key) with
        {
            LeaseId = lease?.LeaseId,
            Fence = lease?.Fence,
            TtlMs = grantedTtl ? lease?.TtlMs : null,
            Holder = lease is null ? null : holder,
            Value = value,
            Late = late,
            Shared = shared,
        });

    private Operation Operation(Answer answer, OperationKind kind, string? resource, string? key) =>
        new(answer.Id, name, kind, resource, key, answer.Node, answer.InvokedMs, answer.CompletedMs, answer.Outcome, answer.Status, answer.Problem);

    private static HttpRequestMessage Post<T>(string path, T body) => new(HttpMethod.Post, path) { Content = JsonContent.Create(body) };

    private static LeaseGrant? ReadLease(JsonElement? body) =>
        body is { } json
        && json.TryGetProperty("resource", out var resource)
        && json.TryGetProperty("leaseId", out var leaseId)
        && json.TryGetProperty("fence", out var fence)
        && json.TryGetProperty("token", out var token)
        && json.TryGetProperty("ttlMs", out var ttl)
            ? new LeaseGrant(resource.GetString()!, leaseId.GetString()!, fence.GetInt64(), token.GetString()!, ttl.GetInt64(),
                json.TryGetProperty("mode", out var mode) && mode.GetString() == "shared")
            : null;

    /// <summary>Sends one request and classifies what came back; null if no node was running to send it to.</summary>
    private async Task<Answer?> SendAsync(int preferred, Func<HttpRequestMessage> build, TimeSpan extraTimeout, CancellationToken ct)
    {
        var (node, http) = cluster.RunningFrom(preferred);
        if (http is null)
        {
            return null;
        }

        using var request = build();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout + extraTimeout);
        var (id, invoked) = history.Invoke();
        try
        {
            using var response = await http.SendAsync(request, deadline.Token).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            JsonElement? body = null;
            if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true && text.Length > 0)
            {
                using var document = JsonDocument.Parse(text);
                body = document.RootElement.Clone();
            }

            var problem = !response.IsSuccessStatusCode && body is { } b && b.TryGetProperty("type", out var type) && type.GetString() is { } uri
                ? (uri.StartsWith(ProblemPrefix, StringComparison.Ordinal) ? uri[ProblemPrefix.Length..] : uri)
                : null;
            var fence = response.Headers.TryGetValues("Fencing-Fence", out var values) ? values.FirstOrDefault() : null;
            return new Answer(id, node, invoked, history.NowMs, Classify(request.Method, response.StatusCode), status, problem, body, text, fence);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConnectionError)
        {
            // The connection was never established, so the request was never sent: nothing happened.
            return new Answer(id, node, invoked, history.NowMs, OperationOutcome.Fail, 0, "connection-refused", null, null, null);
        }
        catch (HttpRequestException ex)
        {
            // The request may have reached the node before the connection broke.
            return new Answer(id, node, invoked, history.NowMs, OperationOutcome.Unknown, 0, $"transport: {ex.HttpRequestError}", null, null, null);
        }
        catch (OperationCanceledException)
        {
            return new Answer(id, node, invoked, history.NowMs, OperationOutcome.Unknown, 0, ct.IsCancellationRequested ? "cancelled" : "client-timeout", null, null, null);
        }
        catch (JsonException)
        {
            return new Answer(id, node, invoked, history.NowMs, OperationOutcome.Unknown, 0, "unreadable-answer", null, null, null);
        }
    }

    /// <summary>The contract: 2xx happened (201: a session opened); 503 and refusals did not; 504 and any other 5xx may have.</summary>
    internal static OperationOutcome Classify(HttpMethod method, HttpStatusCode status) => (int)status switch
    {
        200 or 201 or 204 => OperationOutcome.Ok,
        404 when method == HttpMethod.Get => OperationOutcome.Ok,
        503 => OperationOutcome.Fail,
        >= 500 => OperationOutcome.Unknown,
        _ => OperationOutcome.Fail,
    };

    private sealed record Answer(long Id, int Node, double InvokedMs, double CompletedMs, OperationOutcome Outcome, int Status, string? Problem, JsonElement? Body, string? Text, string? FencingFence);

    // Mode null (omitted) for an exclusive acquire: the body is the one every server version takes.
    private sealed record AcquireBody(
        string Holder, long TtlMs, long WaitMs,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Mode);

    private sealed record RenewBody(string LeaseId, long TtlMs);

    private sealed record ReleaseBody(string LeaseId);

    private sealed record CampaignBody(string Candidate, string Value, long TtlMs, long WaitMs);

    private sealed record ProclaimBody(string LeaseId, string Value);

    private sealed record PermitBody(string Holder, long TtlMs, int Permits, long WaitMs);

    private sealed record PermitRenewBody(int Slot, string LeaseId, long TtlMs);

    private sealed record PermitReleaseBody(int Slot, string LeaseId);

    private sealed record OpenSessionBody(string Holder, long TtlMs);

    private sealed record SessionAcquireBody(string SessionId, long WaitMs);
}
