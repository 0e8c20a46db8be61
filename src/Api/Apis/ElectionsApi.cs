using System.ComponentModel;
using System.Globalization;
using Leasehold.Api.Contracts;
using Leasehold.Api.OpenApi;
using Leasehold.Api.Problems;
using Leasehold.Api.Security;
using Leasehold.Grains;
using Leasehold.Grains.Leases;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Orleans;

namespace Leasehold.Api.Apis;

/// <summary>
/// The election routes: campaign, proclaim, resign, leader (with a long-poll). An election is the lease on
/// <c>election:NAME</c> whose holder proclaims a value, so the leader's keep-alive is that lease's renewal
/// (<c>POST /v1/leases/election:NAME/renew</c>) and its writes are fenced as any holder's.
/// </summary>
public static class ElectionsApi
{
    /// <summary>The response header that carries the election's index (as Consul's <c>X-Consul-Index</c>).</summary>
    public const string IndexHeader = "Leasehold-Index";

    /// <summary>Longest a long-poll may be asked to wait.</summary>
    public static readonly TimeSpan LongPollMax = TimeSpan.FromMinutes(5);

    /// <summary>How long a long-poll waits when it names an index but no wait.</summary>
    public static readonly TimeSpan LongPollDefault = TimeSpan.FromSeconds(30);

    public static IEndpointRouteBuilder MapElectionsApi(this IEndpointRouteBuilder app)
    {
        var elections = app.MapGroup("/v1/elections/{name}").WithTags("Elections").RequireAuthorization(Policies.Lease).ProducesAuthProblems();
        elections.MapPost("/campaign", CampaignAsync)
            .WithName("campaign")
            .WithSummary("Campaign to lead the election, waiting in line up to waitMs")
            .WithDescription(
                "Makes `candidate` the leader of election `name` once it comes first in line, waiting up to `waitMs` (at most " +
                "Leases:WaitMax), and answers the leadership: the fence of the term, the signed fencing token, the lease id and the " +
                "term's expiry. Leadership is the lease on `election:NAME`: keep it alive with `renewLease` on that resource, before " +
                "`ttlMs` runs out on your own monotonic clock. Send the token as the `Fencing-Token` header of every write the leader " +
                "makes, and the store refuses it once a newer leader has written. Campaigning again as the leader returns the same " +
                "leadership (same fence, term extended, value replaced), so a retry after an unknown outcome is safe. While another " +
                "leads when the wait is over, answers 409 `lease-held` naming the leader, with `Retry-After`.")
            .ProducesProblems(ProblemType.Validation, ProblemType.LeaseHeld, ProblemType.UnsupportedMediaType, ProblemType.TooManyWaiters,
                ProblemType.Unavailable, ProblemType.OutcomeUnknown);
        elections.MapPost("/proclaim", ProclaimAsync)
            .WithName("proclaim")
            .WithSummary("Change the value the leader proclaims")
            .WithDescription(
                "The leader named by `leaseId` replaces its value; the fence stays the same, and the term is renewed by its own TTL. " +
                "A leadership that ended (expired, resigned, taken over) answers 410 `lease-lost`: stop acting as the leader at once.")
            .ProducesProblems(ProblemType.Validation, ProblemType.LeaseLost, ProblemType.UnsupportedMediaType, ProblemType.Unavailable, ProblemType.OutcomeUnknown);
        elections.MapPost("/resign", ResignAsync)
            .WithName("resign")
            .WithSummary("End leadership now")
            .WithDescription(
                "Ends the term of `leaseId` now: the next candidate in line is elected with a higher fence, so writes still in flight " +
                "under the resigned token are refused once the new leader has written. A leadership already gone answers 410 `lease-lost`.")
            .ProducesProblems(ProblemType.Validation, ProblemType.LeaseLost, ProblemType.UnsupportedMediaType, ProblemType.Unavailable, ProblemType.OutcomeUnknown);
        elections.MapGet("/leader", GetLeaderAsync)
            .WithName("getLeader")
            .WithSummary("Who leads, with its value and fence; with ?index= a long-poll")
            .WithDescription(
                "Names the leader, the value it proclaimed, the fence of its term and the term's expiry (never the lease id or the " +
                "token: reading gives no right to write), or 404 `no-leader` when nobody leads. Both answers carry the election's " +
                "index in the `Leasehold-Index` header (and the body); it grows whenever leadership or the value changes. With " +
                "`?index=N`, the request waits until the index differs from N or `wait` (e.g. `30s`, `500ms`, `2m`; default 30 s, at " +
                "most 5 min) has passed, then answers as without it: a blocking query, as Consul's.")
            .ProducesProblems(ProblemType.Validation, ProblemType.NoLeader, ProblemType.Unavailable, ProblemType.OutcomeUnknown);
        return app;
    }

    internal static async Task<Results<Ok<LeadershipResponse>, ProblemHttpResult>> CampaignAsync(
        string name, CampaignRequest? body, IGrainFactory grains, IOptions<LeaseOptions> options, HttpResponse response)
    {
        var limits = options.Value;
        var check = new Validation().Election(name);
        if (body is null)
        {
            return Problem.Invalid(check.Add("body", "is required: send a JSON object like {\"candidate\": \"node-1\", \"value\": \"10.0.0.5:8080\", \"ttlMs\": 10000}").Errors);
        }

        // A candidate belongs to its principal as a holder does (the lease grain checks it); it defaults to the principal.
        var owner = response.HttpContext.Owner();
        if (owner is not null && string.IsNullOrEmpty(body.Candidate))
        {
            body = body with { Candidate = owner };
        }

        if (!Names.IsValidHolder(body.Candidate))
        {
            check.Add("candidate", $"is required: 1–{Names.MaxLength} characters, no control characters");
        }

        check.Value(body.Value)
             .Millis("ttlMs", body.TtlMs, limits.TtlMin, limits.TtlMax, required: true)
             .Millis("waitMs", body.WaitMs, TimeSpan.Zero, limits.WaitMax, required: false);
        if (!check.IsValid)
        {
            return Problem.Invalid(check.Errors);
        }

        var campaign = new Campaign(body.Candidate!, body.Value, TimeSpan.FromMilliseconds(body.TtlMs!.Value), TimeSpan.FromMilliseconds(body.WaitMs ?? 0), owner);
        switch (await grains.GetGrain<IElectionGrain>(name).CampaignAsync(campaign))
        {
            case LeaseResult.Granted granted:
                return TypedResults.Ok(LeadershipResponse.From(name, granted.Lease, body.Value));
            case LeaseResult.Held held:
                response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(held.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return Problem.Of(ProblemType.LeaseHeld,
                    held.Holder is null
                        ? $"Nobody leads election '{name}' yet, but others are in line first (or its lease is in its lock delay)."
                        : $"'{held.Holder}' leads election '{name}'.",
                    new Dictionary<string, object?> { ["holder"] = held.Holder, ["fence"] = held.Fence, ["retryAfterMs"] = (long)Math.Ceiling(held.RetryAfter.TotalMilliseconds) });
            case LeaseResult.LineFull full:
                response.Headers.RetryAfter = "1";
                return Problem.Of(ProblemType.TooManyWaiters, full.Mine
                    ? $"{full.Waiters} of your candidates already wait in election '{name}' (your share of Leases:MaxWaiters); try again later."
                    : $"{full.Waiters} candidates already wait in election '{name}' (Leases:MaxWaiters); try again later.");
            case LeaseResult.Forbidden forbidden:
                return Problem.Of(ProblemType.Forbidden, forbidden.Reason);
            case var other:
                throw new InvalidOperationException($"Campaign answered {other}.");
        }
    }

    internal static async Task<Results<Ok<LeadershipResponse>, ProblemHttpResult>> ProclaimAsync(string name, ProclaimRequest? body, IGrainFactory grains, HttpContext context)
    {
        var check = new Validation().Election(name);
        if (string.IsNullOrEmpty(body?.LeaseId))
        {
            check.Add("leaseId", "is required");
        }

        check.Value(body?.Value);
        if (!check.IsValid)
        {
            return Problem.Invalid(check.Errors);
        }

        return await grains.GetGrain<IElectionGrain>(name).ProclaimAsync(body!.LeaseId!, body.Value, context.Owner()) switch
        {
            LeaseResult.Granted granted => TypedResults.Ok(LeadershipResponse.From(name, granted.Lease, body.Value)),
            LeaseResult.Lost lost => LeadershipLost(name, lost),
            LeaseResult.Forbidden forbidden => Problem.Of(ProblemType.Forbidden, forbidden.Reason),
            var other => throw new InvalidOperationException($"Proclaim answered {other}."),
        };
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> ResignAsync(string name, ResignRequest? body, IGrainFactory grains, HttpContext context)
    {
        var check = new Validation().Election(name);
        if (string.IsNullOrEmpty(body?.LeaseId))
        {
            check.Add("leaseId", "is required");
        }

        if (!check.IsValid)
        {
            return Problem.Invalid(check.Errors);
        }

        return await grains.GetGrain<IElectionGrain>(name).ResignAsync(body!.LeaseId!, context.Owner()) switch
        {
            LeaseResult.Released => TypedResults.NoContent(),
            LeaseResult.Lost lost => LeadershipLost(name, lost),
            LeaseResult.Forbidden forbidden => Problem.Of(ProblemType.Forbidden, forbidden.Reason),
            var other => throw new InvalidOperationException($"Resign answered {other}."),
        };
    }

    internal static async Task<Results<Ok<LeaderResponse>, ProblemHttpResult>> GetLeaderAsync(
        string name,
        [FromQuery, Description("A long-poll: the index of an earlier answer (its Leasehold-Index header); answers once the index differs.")] string? index,
        [FromQuery, Description("How long a long-poll waits for a change: digits and a unit, e.g. 500ms, 30s, 2m (default 30s, at most 5m).")] string? wait, IGrainFactory grains, IOptions<LeaseOptions> options, TimeProvider time, HttpContext context)
    {
        var check = new Validation().Election(name);
        long? since = null;
        if (index is not null)
        {
            if (long.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                since = parsed;
            }
            else
            {
                check.Add("index", "must be a whole number of 0 or more: the index of an earlier answer");
            }
        }

        var waitFor = LongPollDefault;
        if (wait is not null)
        {
            if (index is null)
            {
                check.Add("wait", "needs index: wait=… only says how long a long-poll (?index=N) waits");
            }
            else if (!TryParseWait(wait, out waitFor))
            {
                check.Add("wait", $"must be a duration with its unit, e.g. 500ms, 30s or 2m, of at most {LongPollMax.TotalMinutes:0} minutes");
            }
        }

        if (!check.IsValid)
        {
            return Problem.Invalid(check.Errors);
        }

        var election = grains.GetGrain<IElectionGrain>(name);
        var view = since is { } n ? await WaitForChangeAsync(election, n, waitFor, options.Value.WaitMax, time, context.RequestAborted) : await election.GetLeaderAsync();
        context.Response.Headers[IndexHeader] = view.Index.ToString(CultureInfo.InvariantCulture);
        if (!view.Leads)
        {
            return Problem.Of(ProblemType.NoLeader, $"Nobody leads election '{name}'.",
                new Dictionary<string, object?> { ["fence"] = view.Fence, ["index"] = view.Index });
        }

        return TypedResults.Ok(LeaderResponse.From(view));
    }

    /// <summary>
    /// Waits in grain calls of at most <c>Leases:WaitMax</c> each, so a long-poll of any length stays within the grain
    /// call's deadline (Cluster:Messaging:CallTimeout), as a campaign's wait does.
    /// </summary>
    private static async Task<LeaderView> WaitForChangeAsync(IElectionGrain election, long index, TimeSpan wait, TimeSpan chunk, TimeProvider time, CancellationToken aborted)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            var left = wait - time.GetElapsedTime(started);
            var view = await election.WaitForChangeAsync(index, left < chunk ? left : chunk);
            if (view.Index != index || time.GetElapsedTime(started) >= wait || aborted.IsCancellationRequested)
            {
                return view;
            }
        }
    }

    /// <summary>A Consul-style wait: digits and a unit (<c>ms</c>, <c>s</c>, <c>m</c>), at most <see cref="LongPollMax"/>.</summary>
    internal static bool TryParseWait(string text, out TimeSpan wait)
    {
        wait = TimeSpan.Zero;
        var (digits, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 1L)
            : text.EndsWith('s') ? (text[..^1], 1_000L)
            : text.EndsWith('m') ? (text[..^1], 60_000L)
            : (string.Empty, 0L);
        if (unit == 0 || digits.Length is 0 or > 9 || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return false;
        }

        wait = TimeSpan.FromMilliseconds(count * unit);
        return wait <= LongPollMax;
    }

    private static ProblemHttpResult LeadershipLost(string name, LeaseResult.Lost lost) =>
        Problem.Of(ProblemType.LeaseLost, $"The leadership of election '{name}' is lost: {lost.Reason}. Stop acting as the leader; campaign again for a new fence.");
}
