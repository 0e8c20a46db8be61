using System.Globalization;
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

/// <summary>
/// The semaphore routes: acquire, renew, release, get. A permit is the lease on <c>semaphore:NAME:SLOT</c>, so it is also
/// renewed and released by the lease routes on that resource, and its writes are fenced as any holder's.
/// </summary>
public static class SemaphoresApi
{
    public static IEndpointRouteBuilder MapSemaphoresApi(this IEndpointRouteBuilder app)
    {
        var semaphores = app.MapGroup("/v1/semaphores/{name}").WithTags("Semaphores").RequireAuthorization(Policies.Lease).ProducesAuthProblems();
        semaphores.MapPost("/acquire", AcquireAsync)
            .WithName("acquirePermit")
            .WithSummary("Acquire a permit of the semaphore, waiting in its fair line up to waitMs")
            .WithDescription(
                "Grants `holder` one of the `permits` permits of semaphore `name` for `ttlMs`, waiting first come first served in the " +
                "semaphore's line up to `waitMs` (at most Leases:WaitMax). The first acquire fixes the number of permits; one naming " +
                "another number answers 409 `permits-mismatch`. A permit is the lease on `semaphore:NAME:SLOT` for its `slot`: its " +
                "fence grows with every grant of that slot, and its token (the `Fencing-Token` of writes to keys `semaphore:NAME:SLOT` " +
                "and `semaphore:NAME:SLOT.*`) is refused once the slot was granted again and written. Asking again as a holder of a " +
                "permit returns the same permit (same slot, lease id and fence), so a retry after an unknown outcome is safe. When " +
                "every permit is still held after the wait, answers 409 `semaphore-full` with `Retry-After`.")
            .ProducesProblems(ProblemType.Validation, ProblemType.SemaphoreFull, ProblemType.PermitsMismatch, ProblemType.UnsupportedMediaType,
                ProblemType.TooManyWaiters, ProblemType.Unavailable, ProblemType.OutcomeUnknown);
        semaphores.MapPost("/renew", RenewAsync)
            .WithName("renewPermit")
            .WithSummary("Extend a permit you hold")
            .WithDescription(
                "Extends the permit of `slot` named by `leaseId` by `ttlMs` from now (or by its own TTL); the slot, fence and token stay. " +
                "A permit that expired, was released or was granted again answers 410 `lease-lost`: stop acting under it at once.")
            .ProducesProblems(ProblemType.Validation, ProblemType.LeaseLost, ProblemType.UnsupportedMediaType, ProblemType.Unavailable, ProblemType.OutcomeUnknown);
        semaphores.MapPost("/release", ReleaseAsync)
            .WithName("releasePermit")
            .WithSummary("Release a permit you hold")
            .WithDescription(
                "Ends the permit of `slot` named by `leaseId` now and serves the first acquire in line at once, with a higher fence for " +
                "the slot. A permit already gone answers 410 `lease-lost`.")
            .ProducesProblems(ProblemType.Validation, ProblemType.LeaseLost, ProblemType.UnsupportedMediaType, ProblemType.Unavailable, ProblemType.OutcomeUnknown);
        semaphores.MapGet(string.Empty, GetAsync)
            .WithName("getSemaphore")
            .WithSummary("The semaphore's permits, who holds them and how many wait")
            .WithDescription(
                "The number of permits, every unexpired permit (slot, holder, the slot's fence, expiry) and how many acquires wait in " +
                "line; never a lease id or a token. A semaphore never acquired answers 404 `semaphore-not-found`.")
            .ProducesProblems(ProblemType.Validation, ProblemType.SemaphoreNotFound, ProblemType.Unavailable, ProblemType.OutcomeUnknown);
        return app;
    }

    internal static async Task<Results<Ok<PermitResponse>, ProblemHttpResult>> AcquireAsync(
        string name, PermitRequest? body, IGrainFactory grains, IOptions<LeaseOptions> options, HttpResponse response)
    {
        var limits = options.Value;
        var check = new Validation().Semaphore(name);
        if (body is null)
        {
            return Problem.Invalid(check.Add("body", "is required: send a JSON object like {\"holder\": \"worker-1\", \"ttlMs\": 10000, \"permits\": 3}").Errors);
        }

        // A holder belongs to its principal, as for leases (the grain checks it); it defaults to the principal.
        var owner = response.HttpContext.Owner();
        if (owner is not null && string.IsNullOrEmpty(body.Holder))
        {
            body = body with { Holder = owner };
        }

        if (!Names.IsValidHolder(body.Holder))
        {
            check.Add("holder", $"is required: 1–{Names.MaxLength} characters, no control characters");
        }

        check.Count("permits", body.Permits, 1, limits.MaxPermits, required: true)
             .Millis("ttlMs", body.TtlMs, limits.TtlMin, limits.TtlMax, required: true)
             .Millis("waitMs", body.WaitMs, TimeSpan.Zero, limits.WaitMax, required: false);
        if (!check.IsValid)
        {
            return Problem.Invalid(check.Errors);
        }

        var request = new AcquirePermit(body.Holder!, body.Permits!.Value, TimeSpan.FromMilliseconds(body.TtlMs!.Value), TimeSpan.FromMilliseconds(body.WaitMs ?? 0), owner);
        switch (await grains.GetGrain<ISemaphoreGrain>(name).AcquireAsync(request))
        {
            case PermitResult.Granted granted:
                return TypedResults.Ok(PermitResponse.From(name, granted.Permits, granted.Slot, granted.Lease));
            case PermitResult.Full full:
                response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(full.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return Problem.Of(ProblemType.SemaphoreFull,
                    $"All {full.Permits} permits of semaphore '{name}' are taken ({full.Holders} held, the rest about to be granted or in their lock delay).",
                    new Dictionary<string, object?> { ["permits"] = full.Permits, ["holders"] = full.Holders, ["retryAfterMs"] = (long)Math.Ceiling(full.RetryAfter.TotalMilliseconds) });
            case PermitResult.PermitsMismatch mismatch:
                return Problem.Of(ProblemType.PermitsMismatch,
                    $"Semaphore '{name}' has {mismatch.Permits} permits, not {body.Permits}: its first acquire fixed the number. Ask with permits={mismatch.Permits}.",
                    new Dictionary<string, object?> { ["permits"] = mismatch.Permits });
            case PermitResult.LineFull full:
                response.Headers.RetryAfter = "1";
                return Problem.Of(ProblemType.TooManyWaiters, full.Mine
                    ? $"{full.Waiters} of your acquires already wait for semaphore '{name}' (your share of Leases:MaxWaiters); try again later."
                    : $"{full.Waiters} acquires already wait for semaphore '{name}' (Leases:MaxWaiters); try again later.");
            case PermitResult.Forbidden forbidden:
                return Problem.Of(ProblemType.Forbidden, forbidden.Reason);
            case var other:
                throw new InvalidOperationException($"Acquire answered {other}.");
        }
    }

    internal static async Task<Results<Ok<PermitResponse>, ProblemHttpResult>> RenewAsync(
        string name, PermitRenewRequest? body, IGrainFactory grains, IOptions<LeaseOptions> options, HttpContext context)
    {
        var check = PermitCheck(name, body?.Slot, body?.LeaseId, options.Value)
            .Millis("ttlMs", body?.TtlMs, options.Value.TtlMin, options.Value.TtlMax, required: false);
        if (!check.IsValid)
        {
            return Problem.Invalid(check.Errors);
        }

        var slot = body!.Slot!.Value;
        var semaphore = grains.GetGrain<ISemaphoreGrain>(name);
        var ttl = body.TtlMs is { } ms ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;
        switch (await semaphore.RenewAsync(slot, new RenewLease(body.LeaseId!, ttl, context.Owner())))
        {
            case LeaseResult.Granted granted:
                var permits = await semaphore.GetPermitsAsync();
                return TypedResults.Ok(PermitResponse.From(name, permits, slot, granted.Lease));
            case LeaseResult.Lost lost:
                return PermitLost(name, slot, lost);
            case LeaseResult.Forbidden forbidden:
                return Problem.Of(ProblemType.Forbidden, forbidden.Reason);
            case var other:
                throw new InvalidOperationException($"Renew answered {other}.");
        }
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> ReleaseAsync(
        string name, PermitReleaseRequest? body, IGrainFactory grains, IOptions<LeaseOptions> options, HttpContext context)
    {
        var check = PermitCheck(name, body?.Slot, body?.LeaseId, options.Value);
        if (!check.IsValid)
        {
            return Problem.Invalid(check.Errors);
        }

        var slot = body!.Slot!.Value;
        return await grains.GetGrain<ISemaphoreGrain>(name).ReleaseAsync(slot, body.LeaseId!, context.Owner()) switch
        {
            LeaseResult.Released => TypedResults.NoContent(),
            LeaseResult.Lost lost => PermitLost(name, slot, lost),
            LeaseResult.Forbidden forbidden => Problem.Of(ProblemType.Forbidden, forbidden.Reason),
            var other => throw new InvalidOperationException($"Release answered {other}."),
        };
    }

    internal static async Task<Results<Ok<SemaphoreResponse>, ProblemHttpResult>> GetAsync(string name, IGrainFactory grains)
    {
        var check = new Validation().Semaphore(name);
        if (!check.IsValid)
        {
            return Problem.Invalid(check.Errors);
        }

        var view = await grains.GetGrain<ISemaphoreGrain>(name).GetAsync();
        return view.Permits == 0
            ? Problem.Of(ProblemType.SemaphoreNotFound, $"Semaphore '{name}' was never acquired, so it has no permits yet; the first acquire creates it.")
            : TypedResults.Ok(SemaphoreResponse.From(view));
    }

    private static Validation PermitCheck(string name, int? slot, string? leaseId, LeaseOptions limits)
    {
        var check = new Validation().Semaphore(name).Count("slot", slot, 0, limits.MaxPermits - 1, required: true);
        return string.IsNullOrEmpty(leaseId) ? check.Add("leaseId", "is required") : check;
    }

    private static ProblemHttpResult PermitLost(string name, int slot, LeaseResult.Lost lost) =>
        Problem.Of(ProblemType.LeaseLost, $"The permit of slot {slot} of semaphore '{name}' is lost: {lost.Reason}. Stop acting under it; acquire again for a new fence.");
}
