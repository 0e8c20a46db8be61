namespace Leasehold.Api.Security;

/// <summary>Declares, for the OpenAPI document, the refusals every protected route can answer.</summary>
internal static class AuthProblems
{
    /// <summary>401 <c>unauthorized</c>, 403 <c>forbidden</c> and 429 <c>rate-limited</c>, as problem details.</summary>
    public static TBuilder ProducesAuthProblems<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(
            new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]),
            new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]),
            new ProducesResponseTypeMetadata(StatusCodes.Status429TooManyRequests, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
}
