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

/// <summary>The lease routes: acquire, renew, release, get.</summary>
public static class LeasesApi
{
    public static IEndpointRouteBuilder MapLeasesApi(this IEndpointRouteBuilder app)
    {
        var leases = app.MapGroup("/v1/leases/{resource}").WithTags("Leases").RequireAuthorization(Policies.Lease).ProducesAuthProblems();
        leases.MapPost("/acquire", AcquireAsync)
            .WithName("acquireLease")
            .WithSummary("Acquire the lease, or wait in line for it up to waitMs")
            .WithDescription(
                "Grants the lease on `resource` to `holder` for `ttlMs`, with a fence higher than any granted before on this resource " +
                "and a signed fencing token that carries it: send the token as the `Fencing-Token` header of every write made under the lease, " +
                "and the store refuses it once a newer lease has written. Asking again as the current holder returns the same lease (same " +
                "lease id and fence), so a retry after an unknown outcome is safe. While someone else holds it, answers 409 `lease-held` " +
                "with `Retry-After`, or first waits in line up to `waitMs`. Time the TTL on your own monotonic clock from when you sent " +
                "the request; `expiresAtUtc` is the server's wall clock, for display only. With `sessionId` instead of `ttlMs` (and no " +
                "`holder`), the lease is acquired in that session: held by its holder, renewed by its keep-alives, ended when it ends " +
                "(410 `session-lost` if it has; 409 `session-full` past `Leases:MaxLeasesPerSession`). With `mode` `shared` (a read " +
                "lock; the default is `exclusive`), many holders may hold it at once while no exclusive holder does; a shared acquire " +
                "waits behind an exclusive acquire already in line, so writers are not starved. The fence advances on every exclusive " +
                "grant and at the start of each shared epoch; readers who join a running epoch share its fence. A shared token cannot " +
                "write: the store answers 403 `shared-lease`.")
            .ProducesProblems(ProblemType.Validation, ProblemType.LeaseHeld, ProblemType.UnsupportedMediaType, ProblemType.TooManyWaiters,
                ProblemType.SessionNotFound, ProblemType.SessionLost, ProblemType.SessionFull,
                ProblemType.Unavailable, ProblemType.OutcomeUnknown);
        leases.MapPost("/renew", RenewAsync)
            .WithName("renewLease")
            .WithSummary("Extend a lease you hold")
            .WithDescription(
                "Extends the lease named by `leaseId` by `ttlMs` from now (or by its own TTL). The fence and token stay the same: writes " +
                "under a renewed lease keep their place. A lease that expired, was released or was taken over answers 410 `lease-lost`: " +
                "stop acting under it at once, and acquire again for a new fence. Safe to retry: a renewal counts from when it is handled.")
            .ProducesProblems(ProblemType.Validation, ProblemType.LeaseLost, ProblemType.UnsupportedMediaType, ProblemType.Unavailable, ProblemType.OutcomeUnknown);
        leases.MapPost("/release", ReleaseAsync)
            .WithName("releaseLease")
            .WithSummary("Release a lease you hold")
            .WithDescription(
                "Ends the lease named by `leaseId` now, so the next holder need not wait for its TTL. The next grant gets a higher fence, " +
                "so writes still in flight under the released token are refused once the new holder has written. A lease already gone " +
                "answers 410 `lease-lost`; a retry that finds it gone may count it as released.")
            .ProducesProblems(ProblemType.Validation, ProblemType.LeaseLost, ProblemType.UnsupportedMediaType, ProblemType.Unavailable, ProblemType.OutcomeUnknown);
        leases.MapGet(string.Empty, GetAsync)
            .WithName("getLease")
            .WithSummary("The lease's public state (no lease id, no token)")
            .WithDescription(
                "Whether the lease is held, by whom, the latest fence granted on the resource (0 if never) and how many wait in line. " +
                "It never shows the lease id or the fencing token: reading the state gives no right to write.")
            .ProducesProblems(ProblemType.Validation, ProblemType.Unavailable, ProblemType.OutcomeUnknown);
        return app;
    }

    internal static async Task<Results<Ok<LeaseResponse>, ProblemHttpResult>> AcquireAsync(
        string resource, AcquireRequest? body, LeaseGrains leases, IGrainFactory grains, IOptions<LeaseOptions> options, HttpResponse response)
    {
        var limits = options.Value;
        var check = new Validation().Name("resource", resource);
        if (body is null)
        {
            return Problem.Invalid(check.Add("body", "is required: send a JSON object like {\"holder\": \"worker-1\", \"ttlMs\": 10000}").Errors);
        }

        if (!LeaseModes.TryParse(body.Mode, out var mode))
        {
            check.Add("mode", $"must be \"{LeaseModes.Exclusive}\" (the default) or \"{LeaseModes.Shared}\"");
        }

        if (body.SessionId is not null)
        {
            return await AcquireInSessionAsync(resource, body, mode, grains, limits, response, check);
        }

        // With authentication on, a lease belongs to its principal: the holder defaults to the principal's name and
        // must otherwise be that name or start with it and a slash (alice, alice/worker-1) — which the grain checks.
        var owner = response.HttpContext.Owner();
        if (owner is not null && string.IsNullOrEmpty(body.Holder))
        {
            body = body with { Holder = owner };
        }

        if (!Names.IsValidHolder(body.Holder))
        {
            check.Add("holder", $"is required: 1–{Names.MaxLength} characters, no control characters");
        }

        check.Millis("ttlMs", body.TtlMs, limits.TtlMin, limits.TtlMax, required: true)
             .Millis("waitMs", body.WaitMs, TimeSpan.Zero, limits.WaitMax, required: false);
        if (!check.IsValid)
        {
            return Problem.Invalid(check.Errors);
        }

        var request = new AcquireLease(body.Holder!, TimeSpan.FromMilliseconds(body.TtlMs!.Value), TimeSpan.FromMilliseconds(body.WaitMs ?? 0), owner, mode);
        return Answer(resource, await leases.Of(resource).AcquireAsync(request), response);
    }

    /// <summary>An acquire with <c>sessionId</c> instead of <c>ttlMs</c>: the session's holder takes the lease, timed by the session.</summary>
    private static async Task<Results<Ok<LeaseResponse>, ProblemHttpResult>> AcquireInSessionAsync(
        string resource, AcquireRequest body, LeaseMode mode, IGrainFactory grains, LeaseOptions limits, HttpResponse response, Validation check)
    {
        if (!SessionIds.IsValid(body.SessionId))
        {
            check.Add("sessionId", "must be a session id: 32 lowercase hexadecimal characters, as POST /v1/sessions answers");
        }

        if (body.TtlMs is not null)
        {
            check.Add("ttlMs", "must be omitted with sessionId: the session times its leases");
        }

        if (body.Holder is not null)
        {
            check.Add("holder", "must be omitted with sessionId: the session's holder holds its leases");
        }

        check.Millis("waitMs", body.WaitMs, TimeSpan.Zero, limits.WaitMax, required: false);
        if (!check.IsValid)
        {
            return Problem.Invalid(check.Errors);
        }

        var session = grains.GetGrain<ISessionGrain>(body.SessionId!);
        return await session.AcquireAsync(resource, TimeSpan.FromMilliseconds(body.WaitMs ?? 0), response.HttpContext.Owner(), mode) switch
        {
            SessionResult.Acquired acquired => Answer(resource, acquired.Lease, response),
            var other => SessionsApi.ProblemOf(body.SessionId!, other),
        };
    }

    /// <summary>The answer to an acquire: the lease, or why not (held, line full, forbidden).</summary>
    private static Results<Ok<LeaseResponse>, ProblemHttpResult> Answer(string resource, LeaseResult result, HttpResponse response)
    {
        switch (result)
        {
            case LeaseResult.Granted granted:
                return TypedResults.Ok(LeaseResponse.From(granted.Lease));
            case LeaseResult.Held held:
                // Whole seconds, rounded up, at least 1: a client that honours it does not spin.
                response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(held.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Problem.Of(ProblemType.LeaseHeld,
                    held.Holder is null ? $"The lease on '{resource}' is not available yet (others wait in line, or it is in its lock delay)." : $"The lease on '{resource}' is held by '{held.Holder}'.",
                    new Dictionary<string, object?> { ["holder"] = held.Holder, ["fence"] = held.Fence, ["retryAfterMs"] = (long)Math.Ceiling(held.RetryAfter.TotalMilliseconds) });
            case LeaseResult.LineFull full:
                response.Headers.RetryAfter = "1";
                return Problem.Of(ProblemType.TooManyWaiters, full.Mine
                    ? $"{full.Waiters} of your acquires already wait for '{resource}' (your share of Leases:MaxWaiters); try again later."
                    : $"{full.Waiters} acquires already wait for '{resource}' (Leases:MaxWaiters); try again later.");
            case LeaseResult.Forbidden forbidden:
                return Problem.Of(ProblemType.Forbidden, forbidden.Reason);
            default:
                throw new InvalidOperationException($"Acquire answered {result}.");
        }
    }

    internal static async Task<Results<Ok<LeaseResponse>, ProblemHttpResult>> RenewAsync(
        string resource, RenewRequest? body, LeaseGrains leases, IOptions<LeaseOptions> options, HttpContext context)
    {
        var check = new Validation().Name("resource", resource);
        if (string.IsNullOrEmpty(body?.LeaseId))
        {
            check.Add("leaseId", "is required");
        }

        check.Millis("ttlMs", body?.TtlMs, options.Value.TtlMin, options.Value.TtlMax, required: false);
        if (!check.IsValid)
        {
            return Problem.Invalid(check.Errors);
        }

        var ttl = body!.TtlMs is { } ms ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;
        return await leases.Of(resource).RenewAsync(new RenewLease(body.LeaseId!, ttl, context.Owner())) switch
        {
            LeaseResult.Granted granted => TypedResults.Ok(LeaseResponse.From(granted.Lease)),
            LeaseResult.Lost lost => LeaseLost(resource, lost),
            LeaseResult.Forbidden forbidden => Problem.Of(ProblemType.Forbidden, forbidden.Reason),
            var other => throw new InvalidOperationException($"Renew answered {other}."),
        };
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> ReleaseAsync(string resource, ReleaseRequest? body, LeaseGrains leases, HttpContext context)
    {
        var check = new Validation().Name("resource", resource);
        if (string.IsNullOrEmpty(body?.LeaseId))
        {
            check.Add("leaseId", "is required");
        }

        if (!check.IsValid)
        {
            return Problem.Invalid(check.Errors);
        }

        return await leases.Of(resource).ReleaseAsync(body!.LeaseId!, context.Owner()) switch
        {
            LeaseResult.Released => TypedResults.NoContent(),
            LeaseResult.Lost lost => LeaseLost(resource, lost),
            LeaseResult.Forbidden forbidden => Problem.Of(ProblemType.Forbidden, forbidden.Reason),
            var other => throw new InvalidOperationException($"Release answered {other}."),
        };
    }

    internal static async Task<Results<Ok<LeaseStateResponse>, ProblemHttpResult>> GetAsync(string resource, LeaseGrains leases)
    {
        var check = new Validation().Name("resource", resource);
        if (!check.IsValid)
        {
            return Problem.Invalid(check.Errors);
        }

        return TypedResults.Ok(LeaseStateResponse.From(await leases.Of(resource).GetAsync()));
    }

    private static ProblemHttpResult LeaseLost(string resource, LeaseResult.Lost lost) =>
        Problem.Of(ProblemType.LeaseLost, $"The lease on '{resource}' is lost: {lost.Reason}. Stop acting under it; acquire again for a new fence.");
}
