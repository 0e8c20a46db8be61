using Leasehold.Api.Contracts;
using Leasehold.Api.OpenApi;
using Leasehold.Api.Problems;
using Leasehold.Api.Security;
using Leasehold.Grains;
using Leasehold.Grains.Leases;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orleans;

namespace Leasehold.Api.Apis;

/// <summary>The session routes: open, keep alive, close, get. Leases join a session through the acquire route's <c>sessionId</c>.</summary>
public static class SessionsApi
{
    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/v1/sessions").WithTags("Sessions").RequireAuthorization(Policies.Lease).ProducesAuthProblems();
        sessions.MapPost(string.Empty, OpenAsync)
            .WithName("openSession")
            .WithSummary("Open a session: one TTL and one keep-alive for many leases")
            .WithDescription(
                "Opens a session for `holder` lasting `ttlMs` unless kept alive. Acquire leases in it with `sessionId` instead of " +
                "`ttlMs`: they are held by the session's holder, renewed by its keep-alives, and all end when it ends — closed, or not " +
                "kept alive within its TTL (its holder's process gone or paused). Each lease keeps its own fence and token, and a " +
                "lease ended with its session is refused for writes exactly like an expired one. Keep the session id secret: it is " +
                "the session's capability. A retried open that lost its answer leaves a session that simply expires.")
            .ProducesProblems(ProblemType.Validation, ProblemType.UnsupportedMediaType, ProblemType.Unavailable, ProblemType.OutcomeUnknown);
        var session = sessions.MapGroup("/{sessionId}");
        session.MapPost("/keepalive", KeepAliveAsync)
            .WithName("keepSessionAlive")
            .WithSummary("Keep a session and all its leases alive")
            .WithDescription(
                "Extends the session by its TTL from now and renews every lease it holds for the same TTL (their fences and tokens " +
                "stay the same). A session that ended answers 410 `session-lost`: its leases are gone; stop acting under them and " +
                "open a new session. Safe to retry.")
            .ProducesProblems(ProblemType.Validation, ProblemType.SessionNotFound, ProblemType.SessionLost, ProblemType.Unavailable, ProblemType.OutcomeUnknown);
        session.MapDelete(string.Empty, CloseAsync)
            .WithName("closeSession")
            .WithSummary("Close a session and release all its leases")
            .WithDescription(
                "Ends the session now and releases every lease it holds, so their next holders need not wait for the TTL. Closing " +
                "a session that already ended answers the same, with no leases released. Safe to retry.")
            .ProducesProblems(ProblemType.Validation, ProblemType.SessionNotFound, ProblemType.Unavailable, ProblemType.OutcomeUnknown);
        session.MapGet(string.Empty, GetAsync)
            .WithName("getSession")
            .WithSummary("A session: its holder, time left and the leases it holds")
            .WithDescription("Whether the session is open, until when, and each lease it holds (resource and fence; never a lease id or token).")
            .ProducesProblems(ProblemType.Validation, ProblemType.SessionNotFound, ProblemType.Unavailable, ProblemType.OutcomeUnknown);
        return app;
    }

    internal static async Task<Results<Created<SessionResponse>, ProblemHttpResult>> OpenAsync(
        OpenSessionRequest? body, IGrainFactory grains, IOptions<LeaseOptions> options, HttpContext context)
    {
        var limits = options.Value;
        var check = new Validation();
        if (body is null)
        {
            return Problem.Invalid(check.Add("body", "is required: send a JSON object like {\"holder\": \"worker-1\", \"ttlMs\": 10000}").Errors);
        }

        var owner = context.Owner();
        var holder = string.IsNullOrEmpty(body.Holder) ? owner : body.Holder;
        if (!Names.IsValidHolder(holder))
        {
            check.Add("holder", $"is required: 1–{Names.MaxLength} characters, no control characters");
        }

        check.Millis("ttlMs", body.TtlMs, limits.TtlMin, limits.TtlMax, required: true);
        if (!check.IsValid)
        {
            return Problem.Invalid(check.Errors);
        }

        var id = SessionIds.New();
        return await grains.GetGrain<ISessionGrain>(id).OpenAsync(new OpenSession(holder!, TimeSpan.FromMilliseconds(body.TtlMs!.Value), owner)) switch
        {
            SessionResult.Open open => TypedResults.Created($"/v1/sessions/{id}", SessionResponse.From(open.Session)),
            var other => ProblemOf(id, other),
        };
    }

    internal static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> KeepAliveAsync(string sessionId, IGrainFactory grains, HttpContext context)
    {
        if (Invalid(sessionId) is { } invalid)
        {
            return invalid;
        }

        return await grains.GetGrain<ISessionGrain>(sessionId).KeepAliveAsync(context.Owner()) switch
        {
            SessionResult.Open open => TypedResults.Ok(SessionResponse.From(open.Session)),
            var other => ProblemOf(sessionId, other),
        };
    }

    internal static async Task<Results<Ok<SessionClosedResponse>, ProblemHttpResult>> CloseAsync(string sessionId, IGrainFactory grains, HttpContext context)
    {
        if (Invalid(sessionId) is { } invalid)
        {
            return invalid;
        }

        return await grains.GetGrain<ISessionGrain>(sessionId).CloseAsync(context.Owner()) switch
        {
            SessionResult.Closed closed => TypedResults.Ok(new SessionClosedResponse(sessionId, closed.Released)),
            var other => ProblemOf(sessionId, other),
        };
    }

    internal static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> GetAsync(string sessionId, IGrainFactory grains, HttpContext context)
    {
        if (Invalid(sessionId) is { } invalid)
        {
            return invalid;
        }

        // Only its holder's principal may look: the view names the session's leases.
        return await grains.GetGrain<ISessionGrain>(sessionId).GetAsync() is { } view && Names.BelongsTo(view.Holder, context.Owner())
            ? TypedResults.Ok(SessionResponse.From(view))
            : ProblemOf(sessionId, new SessionResult.NotFound());
    }

    /// <summary>A 400 problem when <paramref name="sessionId"/> cannot be a session id; null when it can.</summary>
    internal static ProblemHttpResult? Invalid(string sessionId, string field = "sessionId") =>
        SessionIds.IsValid(sessionId) ? null : Problem.Invalid(field, "must be a session id: 32 lowercase hexadecimal characters, as POST /v1/sessions answers");

    /// <summary>The problem for a session outcome that is not the operation's success.</summary>
    internal static ProblemHttpResult ProblemOf(string sessionId, SessionResult result) => result switch
    {
        SessionResult.NotFound => Problem.Of(ProblemType.SessionNotFound, $"No session '{sessionId}' is open or has been; open one with POST /v1/sessions."),
        SessionResult.Lost lost => Problem.Of(ProblemType.SessionLost,
            $"Session '{sessionId}' has ended: {lost.Reason}. Its leases are gone; stop acting under them and open a new session."),
        SessionResult.Forbidden forbidden => Problem.Of(ProblemType.Forbidden, forbidden.Reason),
        SessionResult.Full full => Problem.Of(ProblemType.SessionFull,
            $"Session '{sessionId}' already holds {full.Leases} leases (Leases:MaxLeasesPerSession); release some or open another session."),
        _ => throw new InvalidOperationException($"The session answered {result}."),
    };
}
