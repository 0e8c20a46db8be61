using System.Globalization;
using Leasehold.Api.Contracts;
using Leasehold.Api.OpenApi;
using Leasehold.Api.Problems;
using Leasehold.Api.Security;
using Leasehold.Grains;
using Leasehold.Grains.Objects;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orleans;
using Microsoft.Net.Http.Headers;

namespace Leasehold.Api.Apis;

/// <summary>The fenced object routes: a write must carry a fencing token, and the store refuses stale ones.</summary>
public static partial class ObjectsApi
{
    /// <summary>The request header that carries the fencing token of a write.</summary>
    public const string FencingTokenHeader = "Fencing-Token";

    /// <summary>The response header that carries the fence of the write that produced an object.</summary>
    public const string FencingFenceHeader = "Fencing-Fence";

    public static IEndpointRouteBuilder MapObjectsApi(this IEndpointRouteBuilder app)
    {
        // Closed to all but authenticated callers as a group; each method then needs its own role (a writer need not read).
        var objects = app.MapGroup("/v1/objects/{key}").WithTags("Objects").RequireAuthorization().ProducesAuthProblems();
        objects.MapPut(string.Empty, PutAsync)
            .RequireAuthorization(Policies.Write)
            .WithName("putObject")
            .WithSummary("Write an object; needs the Fencing-Token header of a lease on the object's resource")
            .WithDescription(
                "Stores the body under `key` if the `Fencing-Token` header holds a valid token of a lease on the key's resource " +
                "(with keys on, the key up to its last dot; else the resource of the key's first write) whose fence is at least " +
                "the highest fence written to the key. " +
                "A lower fence answers 409 `stale-fencing-token`: a newer holder wrote first, and this writer must stop. A missing " +
                "token is 428 `fencing-token-required`; a forged token or another resource's is 403 `invalid-fencing-token`. " +
                "An accepted write raises the key's highest fence to the token's. Do not retry a write whose outcome is unknown (504): " +
                "read the object back first, since a late duplicate could overwrite a newer value. " +
                "`If-Match: \"<version>\"` (or `*`) writes only over that version of a live object, and `If-None-Match: *` only creates " +
                "(no live object: never written, or deleted); either is checked in the same statement as the fence, and a mismatch answers " +
                "412 `version-mismatch` with the current version. When the fence and the version both fail, the answer is 409: the stale " +
                "fence wins. After a delete, a write needs a fence at least the delete's, and its version follows the tombstone's. " +
                "Only an exclusive lease's token writes: a shared (reader's) token answers 403 `shared-lease`.")
            .Accepts<byte[]>("application/octet-stream", "*/*")
            .ProducesProblems(ProblemType.Validation, ProblemType.InvalidFencingToken, ProblemType.StaleFencingToken, ProblemType.VersionMismatch, ProblemType.PayloadTooLarge,
                ProblemType.FencingTokenRequired, ProblemType.SharedLease, ProblemType.Unavailable, ProblemType.OutcomeUnknown);
        objects.MapGet(string.Empty, GetAsync)
            .RequireAuthorization(Policies.Read)
            .WithName("getObject")
            .WithSummary("Read an object: its bytes, ETag (version) and Fencing-Fence header")
            .WithDescription(
                "Answers the stored bytes with their content type, the version as `ETag` and, as `Fencing-Fence`, the fence of the " +
                "write that produced them: a reader can tell which lease holder's write it sees. Reads need no token. A deleted key " +
                "answers 404 `object-not-found` with `deleted: true` and the version and fence of the delete.")
            .Produces<byte[]>(StatusCodes.Status200OK, "application/octet-stream")
            .ProducesProblems(ProblemType.Validation, ProblemType.ObjectNotFound, ProblemType.Unavailable, ProblemType.OutcomeUnknown);
        MapDeleteObject(objects);
        app.MapObjectListingApi();
        return app;
    }

    internal static async Task<Results<Ok<WriteResponse>, ProblemHttpResult>> PutAsync(
        string key, HttpRequest request, ObjectShardGrains shards, IOptions<ObjectStoreOptions> options, CancellationToken cancellationToken)
    {
        var check = new Validation().Name("key", key);
        if (!check.IsValid)
        {
            return Problem.Invalid(check.Errors);
        }

        var token = request.Headers[FencingTokenHeader];
        if (token.Count == 0 || string.IsNullOrWhiteSpace(token[0]))
        {
            return Problem.Of(ProblemType.FencingTokenRequired, $"Send the token of your lease as the {FencingTokenHeader} header; writes without one are refused.");
        }

        if (token.Count > 1)
        {
            return Problem.Invalid(FencingTokenHeader, "must be sent once");
        }

        var contentType = request.ContentType ?? "application/octet-stream";
        if (contentType.Length > 200)
        {
            return Problem.Invalid("Content-Type", "must be at most 200 characters");
        }

        var (precondition, invalid) = ObjectPreconditions.From(request, allowIfNoneMatch: true);
        if (invalid is not null)
        {
            return invalid;
        }

        var limit = options.Value.MaxObjectBytes;
        var body = await ReadBodyAsync(request, limit, cancellationToken);
        if (body is null)
        {
            return Problem.Of(ProblemType.PayloadTooLarge, $"Objects are at most {limit} bytes (Objects:MaxObjectBytes).");
        }

        var shard = shards.Of(key);
        // With authentication on, the caller goes with the write: the shard, once the token's signature holds, lets a
        // principal write only with tokens of its own leases, and only to keys named under the token's resource.
        return await shard.PutAsync(new PutObject(key, body, contentType, token[0]!, request.HttpContext.Owner(), precondition)) switch
        {
            WriteResult.Accepted accepted => TypedResults.Ok(new WriteResponse(key, accepted.Version, accepted.Fence)),
            WriteResult.StaleFence stale => Problem.Of(ProblemType.StaleFencingToken,
                $"The token's fence {stale.Fence} is below the highest fence {stale.HighestFence} written to '{key}': a newer lease holder wrote first.",
                new Dictionary<string, object?> { ["fence"] = stale.Fence, ["highestFence"] = stale.HighestFence }),
            WriteResult.PreconditionFailed failed => ObjectPreconditions.Failed(key, precondition, failed),
            WriteResult.InvalidToken invalidToken => Problem.Of(ProblemType.InvalidFencingToken, $"The fencing token is refused: {invalidToken.Reason}."),
            WriteResult.Forbidden forbidden => Problem.Of(ProblemType.Forbidden, forbidden.Reason),
            WriteResult.SharedLease shared => SharedLeaseRefused(key, shared),
            var other => throw new InvalidOperationException($"Put answered {other}."),
        };
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetAsync(
        string key, ObjectShardGrains shards, TimeProvider time, HttpResponse response)
    {
        var check = new Validation().Name("key", key);
        if (!check.IsValid)
        {
            return Problem.Invalid(check.Errors);
        }

        var stored = await shards.Of(key).GetAsync(key);
        if (stored is null)
        {
            return Problem.Of(ProblemType.ObjectNotFound, $"No object '{key}' has been written.");
        }

        if (stored.Deleted)
        {
            // The tombstone's fence is the key's highest: a writer needs at least this fence to create the key again.
            return Problem.Of(ProblemType.ObjectNotFound,
                $"Object '{key}' was deleted by a write of fence {stored.Fence} (version {stored.Version}).",
                new Dictionary<string, object?> { ["deleted"] = true, ["version"] = stored.Version, ["fence"] = stored.Fence });
        }

        response.Headers[FencingFenceHeader] = stored.Fence.ToString(CultureInfo.InvariantCulture);

        // Kestrel's Date is a cached value its heartbeat refreshes once a second, so it can trail a write made a moment
        // ago, and the write's time may come from another silo's clock. Date and Last-Modified both come from here,
        // truncated to whole seconds as HTTP dates are, and Last-Modified is held to Date: never later.
        var now = WholeSeconds(time.GetUtcNow());
        response.Headers.Date = now.ToString("r", CultureInfo.InvariantCulture);
        var lastModified = WholeSeconds(stored.UpdatedAtUtc);
        return TypedResults.Bytes(stored.Value, stored.ContentType,
            lastModified: lastModified > now ? now : lastModified,
            entityTag: new EntityTagHeaderValue($"\"{stored.Version.ToString(CultureInfo.InvariantCulture)}\""));
    }

    /// <summary>A write or delete under a shared lease's token: genuine, but readers are many at once, so none of them writes.</summary>
    private static ProblemHttpResult SharedLeaseRefused(string key, WriteResult.SharedLease shared) =>
        Problem.Of(ProblemType.SharedLease,
            $"The token is for a shared lease (fence {shared.Fence}): shared holders read, they do not write '{key}'. Acquire the lease in exclusive mode to write.",
            new Dictionary<string, object?> { ["fence"] = shared.Fence });

    private static DateTimeOffset WholeSeconds(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    /// <summary>The body, or null if it is longer than <paramref name="limit"/> bytes (read no further than one byte past it).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        if (request.ContentLength is { } length)
        {
            // The usual case: the length is announced (and Kestrel ends the body there), so read straight into an array of that size.
            var exact = new byte[length];
            var filled = 0;
            int read;
            while (filled < exact.Length && (read = await request.Body.ReadAsync(exact.AsMemory(filled), cancellationToken)) > 0)
            {
                filled += read;
            }

            return filled == exact.Length ? exact : exact[..filled];
        }

        // Chunked: grow as the body comes, through a pooled buffer rather than a fresh 80 KB one per request.
        using var buffer = new MemoryStream();
        var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Min(81920, limit + 1));
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }
}
