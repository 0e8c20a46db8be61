using Leasehold.Api.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Leasehold.Api.Security;

/// <summary>
/// Answers a refused request with an RFC 9457 problem: 401 <c>unauthorized</c> (through the scheme's challenge) for a
/// caller without valid credentials, 403 <c>forbidden</c> naming the role for one that has them but lacks the role.
/// With authentication off the one anonymous caller is refused only on the admin routes, and is told to authenticate
/// (401), since presenting <c>Faults:AdminKey</c> is what it lacks.
/// </summary>
internal sealed class ProblemAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.User.IsAnonymousCaller())
        {
            await context.ChallengeAsync();
            return;
        }

        if (!authorizeResult.Forbidden)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var role = authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<RolesAuthorizationRequirement>().FirstOrDefault()?.AllowedRoles.FirstOrDefault();
        var detail = role is null
            ? $"'{context.User.Identity?.Name}' may not use this route."
            : $"'{context.User.Identity?.Name}' does not have the '{role}' role this route needs.";
        context.Response.StatusCode = ProblemType.Forbidden.Status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Type = ProblemType.Forbidden.Uri, Title = ProblemType.Forbidden.Title, Status = ProblemType.Forbidden.Status, Detail = detail },
        });
    }
}
