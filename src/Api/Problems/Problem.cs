using Microsoft.AspNetCore.Http.HttpResults;

namespace Leasehold.Api.Problems;

/// <summary>Builds RFC 9457 problem results of Leasehold's problem types.</summary>
public static class Problem
{
    public static ProblemHttpResult Of(ProblemType type, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: type.Status, title: type.Title, type: type.Uri, extensions: extensions);

    /// <summary>
    /// A 400 validation problem: one <c>errors</c> entry per invalid field, and a detail that lists them as separate
    /// sentences (<c>holder is required…; ttlMs must be…</c>) so two messages never run together.
    /// </summary>
    public static ProblemHttpResult Invalid(IDictionary<string, string[]> errors)
    {
        var detail = Describe(errors);
        return TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Type = ProblemType.Validation.Uri,
            Title = ProblemType.Validation.Title,
            Status = ProblemType.Validation.Status,
            Detail = detail,
        });
    }

    /// <summary>The detail of a validation problem: each field with its messages, fields apart by "; ", ending with a full stop.</summary>
    internal static string Describe(IDictionary<string, string[]> errors)
    {
        var fields = errors.Select(e => $"{e.Key} {string.Join(", and ", e.Value.Select(m => m.TrimEnd('.')))}").ToList();
        return fields.Count == 1
            ? $"{fields[0]}."
            : $"{fields.Count} values are not valid: {string.Join("; ", fields)}.";
    }

    public static ProblemHttpResult Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });
}
