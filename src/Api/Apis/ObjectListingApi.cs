using System.Globalization;
using Leasehold.Api.Contracts;
using Leasehold.Api.OpenApi;
using Leasehold.Api.Problems;
using Leasehold.Api.Security;
using Leasehold.Grains;
using Leasehold.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;

namespace Leasehold.Api.Apis;

/// <summary>
/// <c>GET /v1/objects</c>: the live objects under a key prefix, page by page. The objects of every shard are rows of one
/// table, so the listing is read from it through <see cref="IObjectCatalogGrain"/> (a stateless worker any silo answers)
/// rather than gathered from the shards: one ordered range read, whole across shards.
/// </summary>
public static class ObjectListingApi
{
    /// <summary>Objects a page holds when the request names no <c>limit</c>.</summary>
    public const int DefaultLimit = 100;

    public static IEndpointRouteBuilder MapObjectListingApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/objects").WithTags("Objects").RequireAuthorization(Policies.Read).ProducesAuthProblems()
            .MapGet(string.Empty, ListAsync)
            .WithName("listObjects")
            .WithSummary($"List the objects whose keys start with `prefix`, in ordinal key order, `limit` (1–{ObjectListing.MaxLimit}, default {DefaultLimit}) at a time")
            .WithDescription(
                "Each live object with its key, version, fence, content type, size and time of write; no bytes (read them with `getObject`). " +
                "Keys are ordered by their characters' codes (ordinal: `-` < `.` < digits < `:` < upper case < `_` < lower case), across all " +
                "shards. Deleted keys are left out. When more objects follow, the answer carries `next`: send it back as `after` for the next " +
                "page (it is the last key of this page, so any key works as a cursor). A listing is not a snapshot: an object written or " +
                "deleted while you page shows up, or not, by where its key falls.")
            .ProducesProblems(ProblemType.Validation, ProblemType.Unavailable, ProblemType.OutcomeUnknown);
        return app;
    }

    internal static async Task<Results<Ok<ObjectListResponse>, ProblemHttpResult>> ListAsync(string? prefix, string? limit, string? after, IGrainFactory grains)
    {
        var check = new Validation();
        prefix ??= string.Empty;
        if (prefix.Length > 0 && !Names.IsValidResource(prefix))
        {
            check.Add("prefix", $"must be up to {Names.MaxLength} characters of A-Z a-z 0-9 . _ - :");
        }

        var size = DefaultLimit;
        if (limit is not null && !(int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) && size is >= 1 and <= ObjectListing.MaxLimit))
        {
            check.Add("limit", $"must be a whole number from 1 to {ObjectListing.MaxLimit}");
        }

        if (after is not null)
        {
            check.Name("after", after);
        }

        if (!check.IsValid)
        {
            return Problem.Invalid(check.Errors);
        }

        var page = await grains.GetGrain<IObjectCatalogGrain>(0).ListAsync(prefix, after, size);
        return TypedResults.Ok(new ObjectListResponse(
            prefix,
            [.. page.Items.Select(o => new ObjectListItem(o.Key, o.Version, o.Fence, o.ContentType, o.Size, o.UpdatedAtUtc))],
            page.Next));
    }
}
