using System.Globalization;
using Leasehold.Api.Apis;
using Leasehold.Api.Contracts;
using Leasehold.Api.OpenApi;
using Leasehold.Api.Problems;
using Leasehold.Api.Security;
using Leasehold.Grains;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Orleans;

namespace Leasehold.Api.Watches;

/// <summary>The watch routes: follow a lease or an object as Server-Sent Events, or long-poll it (docs/watches.md).</summary>
public static class WatchesApi
{
    /// <summary>The response header that carries a watch's current index (a lease's latest change id, an object's version).</summary>
    public const string IndexHeader = "X-Leasehold-Index";

    /// <summary>The watch services: the hubs that hold this process's grain subscriptions, and the <c>Watches</c> options.</summary>
    public static IServiceCollection AddLeaseholdWatches(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WatchOptions>().Bind(configuration.GetSection(WatchOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WatchOptions>>(new WatchOptionsValidator());
        services.AddSingleton<WatchLimit>();
        services.AddSingleton<LeaseWatchHub>();
        services.AddSingleton<ObjectWatchHub>();
        return services;
    }

    public static IEndpointRouteBuilder MapWatchesApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/leases/{resource}").WithTags("Leases").RequireAuthorization(Policies.Lease).ProducesAuthProblems()
            .MapGet("/watch", WatchLeaseAsync)
            .WithName("watchLease")
            .WithSummary("Follow a lease: Server-Sent Events of each change, or a long poll with index and wait")
            .WithDescription(
                "As `text/event-stream`, one event per change of the lease on `resource` — `granted`, `renewed`, `released`, `expired`, " +
                "`lost` — with its holder and fence (never the lease id or token), each with an `id:` that grows by one per change on " +
                "this resource and continues across failover. A new stream starts with a `reset` carrying the lease's state; one that " +
                "reconnects with `Last-Event-ID` gets every change after it that is still retained (the last `Leases:WatchHistory`), or " +
                "a `reset` with the state now when some are not. With `index` or `wait`, a long poll instead: answers JSON at once if " +
                "a change after `index` exists, else waits up to `wait` (default 30s, at most `Watches:WaitMax`) and answers with the " +
                "current index (also in `X-Leasehold-Index`) to send as the next `index`. See docs/watches.md.")
            .ProducesProblems(ProblemType.Validation, ProblemType.TooManyWatches, ProblemType.Unavailable, ProblemType.OutcomeUnknown);
        app.MapGroup("/v1/objects/{key}").WithTags("Objects").RequireAuthorization(Policies.Read).ProducesAuthProblems()
            .MapGet("/watch", WatchObjectAsync)
            .WithName("watchObject")
            .WithSummary("Follow an object: Server-Sent Events of each write, or a long poll with index and wait")
            .WithDescription(
                "As `text/event-stream`, a `written` event (version, fence, content type, length; not the bytes) for each accepted " +
                "write of `key`, and `deleted` for a fenced delete; the `id:` is the object's version. The store keeps only the latest " +
                "version, so a stream that reconnects with a `Last-Event-ID` more than one version behind gets a `reset` with the " +
                "current state instead of the versions it missed. A new stream starts with a `reset`. With `index` or `wait`, a long " +
                "poll as for `watchLease`, with the version as the index. See docs/watches.md.")
            .ProducesProblems(ProblemType.Validation, ProblemType.TooManyWatches, ProblemType.Unavailable, ProblemType.OutcomeUnknown);
        return app;
    }

    internal static async Task<Results<Ok<LeaseWatchResponse>, EmptyHttpResult, ProblemHttpResult>> WatchLeaseAsync(
        string resource,
        [FromQuery] string? index,
        [FromQuery] string? wait,
        [FromHeader(Name = ServerSentEvents.LastEventIdHeader)] string? lastEventId,
        HttpContext context,
        LeaseWatchHub hub,
        IGrainFactory grains,
        IOptions<WatchOptions> options,
        TimeProvider time,
        ILogger<LeaseWatchHub> logger)
    {
        var check = new Validation().Name("resource", resource);
        var query = WatchQuery.Parse(check, index, wait, lastEventId, options.Value);
        if (!check.IsValid)
        {
            return Problem.Invalid(check.Errors);
        }

        var feed = new LeaseWatchFeed(resource, grains.GetGrain<ILeaseWatchGrain>(resource));
        if (query.IsLongPoll)
        {
            // Something newer already: answer without subscribing.
            var now = await feed.ReadAsync(query.After);
            if (now.Index == query.After && !now.Reset && query.Wait > TimeSpan.Zero)
            {
                await using var polling = await hub.FollowAsync(resource, SubscriptionLifetime(options.Value));
                if (polling is null)
                {
                    return TooManyWatches(context);
                }

                now = await LongPoll.WaitAsync(polling, feed, query.After!.Value, query.Wait, options.Value, time, context.RequestAborted);
            }

            context.Response.Headers[IndexHeader] = now.Index.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Ok(new LeaseWatchResponse(resource, now.Index, now.Reset, now.Reset ? [] : now.Events, LeaseStateResponse.From(feed.Lease!)));
        }

        await using var following = await hub.FollowAsync(resource, SubscriptionLifetime(options.Value));
        if (following is null)
        {
            return TooManyWatches(context);
        }

        // Subscribed before the first read, so no change falls between them.
        var first = await feed.ReadAsync(query.After);
        context.Response.Headers[IndexHeader] = first.Index.ToString(CultureInfo.InvariantCulture);
        await WatchStream.RunAsync(context, following, feed, query.After, first, ApiJsonContext.Default.LeaseEventResponse, options.Value, time, logger);
        return TypedResults.Empty;
    }

    internal static async Task<Results<Ok<ObjectWatchResponse>, EmptyHttpResult, ProblemHttpResult>> WatchObjectAsync(
        string key,
        [FromQuery] string? index,
        [FromQuery] string? wait,
        [FromHeader(Name = ServerSentEvents.LastEventIdHeader)] string? lastEventId,
        HttpContext context,
        ObjectWatchHub hub,
        IOptions<WatchOptions> options,
        TimeProvider time,
        ILogger<ObjectWatchHub> logger)
    {
        var check = new Validation().Name("key", key);
        var query = WatchQuery.Parse(check, index, wait, lastEventId, options.Value);
        if (!check.IsValid)
        {
            return Problem.Invalid(check.Errors);
        }

        var feed = new ObjectWatchFeed(key, hub.ShardOf(key));
        if (query.IsLongPoll)
        {
            var now = await feed.ReadAsync(query.After);
            if (now.Index == query.After && !now.Reset && query.Wait > TimeSpan.Zero)
            {
                await using var polling = await hub.FollowAsync(key, SubscriptionLifetime(options.Value));
                if (polling is null)
                {
                    return TooManyWatches(context);
                }

                now = await LongPoll.WaitAsync(polling, feed, query.After!.Value, query.Wait, options.Value, time, context.RequestAborted);
            }

            context.Response.Headers[IndexHeader] = now.Index.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Ok(new ObjectWatchResponse(key, now.Index, now.Reset, now.Reset ? [] : now.Events, ObjectStateResponse.From(key, feed.Current)));
        }

        await using var following = await hub.FollowAsync(key, SubscriptionLifetime(options.Value));
        if (following is null)
        {
            return TooManyWatches(context);
        }

        var first = await feed.ReadAsync(query.After);
        context.Response.Headers[IndexHeader] = first.Index.ToString(CultureInfo.InvariantCulture);
        await WatchStream.RunAsync(context, following, feed, query.After, first, ApiJsonContext.Default.ObjectEventResponse, options.Value, time, logger);
        return TypedResults.Empty;
    }

    /// <summary>A grain subscription outlives three missed renewals, so one slow renewal never drops it.</summary>
    private static TimeSpan SubscriptionLifetime(WatchOptions options) => options.Refresh * 3;

    private static ProblemHttpResult TooManyWatches(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "1";
        return Problem.Of(ProblemType.TooManyWatches, "This node serves as many watches as Watches:MaxWatches allows; try again later or ask another node.");
    }
}
