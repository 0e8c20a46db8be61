using Leasehold.Api.Problems;

namespace Leasehold.Api.OpenApi;

/// <summary>Declares a route's problem answers by their Leasehold problem types rather than by bare status codes.</summary>
internal static class ProblemResponses
{
    /// <summary>
    /// One <c>application/problem+json</c> response per status among <paramref name="types"/>; the document names every
    /// type of each status in the response's description and gives an example of each (<see cref="LeaseholdOperationTransformer"/>).
    /// </summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params ProblemType[] types)
    {
        foreach (var status in types.GroupBy(t => t.Status))
        {
            builder.ProducesProblem(status.Key).WithMetadata(new ProblemTypesMetadata(status.Key, [.. status]));
        }

        return builder;
    }
}
