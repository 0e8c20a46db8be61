using Leasehold.Api.Problems;

namespace Leasehold.Api.OpenApi;

/// <summary>Endpoint metadata: the problem types a route can answer with one status, for the OpenAPI document.</summary>
internal sealed record ProblemTypesMetadata(int Status, IReadOnlyList<ProblemType> Types);
