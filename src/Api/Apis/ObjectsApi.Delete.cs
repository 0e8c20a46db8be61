using Leasehold.Api.Contracts;
using Leasehold.Api.OpenApi;
using Leasehold.Api.Problems;
using Leasehold.Api.Security;
using Leasehold.Grains;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Leasehold.Api.Apis;

/// <summary>The fenced delete: checked like a write, it leaves a tombstone that keeps the key's highest fence.</summary>
public static partial class ObjectsApi
{
    private static void MapDeleteObject(RouteGroupBuilder objects) =>
        objects.MapDelete(string.Empty, DeleteAsync)
            .RequireAuthorization(Policies.Write)
            .WithName("deleteObject")
            .WithSummary("Delete an object; needs the Fencing-Token header of a lease on the object's resource, as a write does")
            .WithDescription(
                "Checked exactly like `putObject`: a valid token of a lease on the key's resource whose fence is at least the highest " +
                "fence the key has seen, in the same single conditional statement in the database. An accepted delete raises the key's " +
                "highest fence to the token's and leaves a tombstone that keeps it, with the next version: a later write needs a fence at " +
                "least as high, so a paused or partitioned ex-holder cannot bring the key back, and a read answers 404 `object-not-found` " +
                "saying it was deleted. Versions go on counting: a write after a tombstone at version 4 makes version 5. Deleting a key " +
                "never written leaves a tombstone too. A lower fence answers 409 `stale-fencing-token`; a missing token 428; " +
                "`If-Match: \"<version>\"` (or `*`) makes the delete conditional: 412 `version-mismatch` if the object is not at that " +
                "version, live. When the fence and the version both fail, the answer is 409: the stale fence wins. A shared (reader's) " +
                "token answers 403 `shared-lease`: only an exclusive holder deletes.")
            .Produces<WriteResponse>()
            .ProducesProblems(ProblemType.Validation, ProblemType.InvalidFencingToken, ProblemType.StaleFencingToken, ProblemType.VersionMismatch,
                ProblemType.FencingTokenRequired, ProblemType.SharedLease, ProblemType.Unavailable, ProblemType.OutcomeUnknown);

    internal static async Task<Results<Ok<WriteResponse>, ProblemHttpResult>> DeleteAsync(string key, HttpRequest request, ObjectShardGrains shards)
    {
        var check = new Validation().Name("key", key);
        if (!check.IsValid)
        {
            return Problem.Invalid(check.Errors);
        }

        var token = request.Headers[FencingTokenHeader];
        if (token.Count == 0 || string.IsNullOrWhiteSpace(token[0]))
        {
            return Problem.Of(ProblemType.FencingTokenRequired, $"Send the token of your lease as the {FencingTokenHeader} header; deletes without one are refused.");
        }

        if (token.Count > 1)
        {
            return Problem.Invalid(FencingTokenHeader, "must be sent once");
        }

        var (precondition, invalid) = ObjectPreconditions.From(request, allowIfNoneMatch: false);
        if (invalid is not null)
        {
            return invalid;
        }

        return await shards.Of(key).DeleteAsync(new DeleteObject(key, token[0]!, request.HttpContext.Owner(), precondition)) switch
        {
            WriteResult.Accepted accepted => TypedResults.Ok(new WriteResponse(key, accepted.Version, accepted.Fence)),
            WriteResult.StaleFence stale => Problem.Of(ProblemType.StaleFencingToken,
                $"The token's fence {stale.Fence} is below the highest fence {stale.HighestFence} written to '{key}': a newer lease holder wrote first, so this delete is refused.",
                new Dictionary<string, object?> { ["fence"] = stale.Fence, ["highestFence"] = stale.HighestFence }),
            WriteResult.PreconditionFailed failed => ObjectPreconditions.Failed(key, precondition, failed),
            WriteResult.InvalidToken invalidToken => Problem.Of(ProblemType.InvalidFencingToken, $"The fencing token is refused: {invalidToken.Reason}."),
            WriteResult.Forbidden forbidden => Problem.Of(ProblemType.Forbidden, forbidden.Reason),
            WriteResult.SharedLease shared => SharedLeaseRefused(key, shared),
            var other => throw new InvalidOperationException($"Delete answered {other}."),
        };
    }
}
