using Microsoft.AspNetCore.Http.HttpResults;

namespace Leasehold.Api.Problems;

/// <summary>Builds RFC 9457 problem results of Leasehold's problem types.</summary>
public static class Problem
{
    public static ProblemHttpResult Of(ProblemType type, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: type.Status, title: type.Title, type: type.Uri, extensions: extensions);

    /// <summary>A 400 validation problem listing each invalid field with its messages.</summary>
    public static ProblemHttpResult Invalid(IDictionary<string, string[]> errors)
    {
        var detail = string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
        return TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Type = ProblemType.Validation.Uri,
            Title = ProblemType.Validation.Title,
            Status = ProblemType.Validation.Status,
            Detail = detail,
        });
    }

    public static ProblemHttpResult Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });
}
