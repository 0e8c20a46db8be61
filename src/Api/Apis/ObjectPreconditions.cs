using System.Globalization;
using Leasehold.Api.Problems;
using Leasehold.Grains;
using Leasehold.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Leasehold.Api.Apis;

/// <summary>
/// <c>If-Match</c> and <c>If-None-Match</c> on fenced writes and deletes (RFC 9110 §13.1), over the object's version, the
/// number its ETag quotes: <c>If-Match: "7"</c> (the object is at version 7), <c>If-Match: *</c> (a live object exists),
/// and on a write <c>If-None-Match: *</c> (create only: no live object). The store checks it in the same conditional
/// statement as the fence; a deleted key has no current representation, so it matches no <c>If-Match</c>.
/// </summary>
internal static class ObjectPreconditions
{
    /// <summary>The precondition the request names, or a 400 problem if its headers are malformed or not allowed here.</summary>
    public static (ObjectPrecondition Precondition, ProblemHttpResult? Invalid) From(HttpRequest request, bool allowIfNoneMatch)
    {
        var ifMatch = request.Headers.IfMatch;
        var ifNoneMatch = request.Headers.IfNoneMatch;
        if (ifMatch.Count > 0 && ifNoneMatch.Count > 0)
        {
            return (default, Problem.Invalid("If-None-Match", "cannot be sent with If-Match"));
        }

        if (ifNoneMatch.Count > 0)
        {
            if (!allowIfNoneMatch)
            {
                return (default, Problem.Invalid("If-None-Match", "applies to writes (PUT) only"));
            }

            return ifNoneMatch.Count == 1 && ifNoneMatch[0]?.Trim() == "*"
                ? (ObjectPrecondition.Absent, null)
                : (default, Problem.Invalid("If-None-Match", "must be * (create only); versions are matched with If-Match"));
        }

        if (ifMatch.Count == 0)
        {
            return (ObjectPrecondition.None, null);
        }

        var value = ifMatch.Count == 1 ? ifMatch[0]?.Trim() : null;
        if (value == "*")
        {
            return (ObjectPrecondition.Exists, null);
        }

        // One strong tag: the quoted version. A list of tags, or a weak one (W/"7"), cannot name one version to compare.
        if (value is ['"', .. var digits, '"']
            && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version >= 1)
        {
            return (ObjectPrecondition.VersionIs(version), null);
        }

        return (default, Problem.Invalid("If-Match", "must be one quoted version as the ETag gives it (\"7\"), or *"));
    }

    /// <summary>The 412 answer: what was asked, and what the key holds now, so a client can read again and decide.</summary>
    public static ProblemHttpResult Failed(string key, ObjectPrecondition precondition, WriteResult.PreconditionFailed failed)
    {
        var now = failed.CurrentVersion == 0 ? "has never been written"
            : failed.Deleted ? $"was deleted (version {failed.CurrentVersion})"
            : $"is at version {failed.CurrentVersion}";
        return Problem.Of(ProblemType.VersionMismatch,
            $"{precondition} does not hold: '{key}' {now}. Nothing was changed; read it again and decide.",
            new Dictionary<string, object?>
            {
                ["currentVersion"] = failed.CurrentVersion,
                ["deleted"] = failed.Deleted,
                ["highestFence"] = failed.Fence,
            });
    }
}
