using System.Text.Encodings.Web;
using Leasehold.Api.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Leasehold.Api.Security;

/// <summary>
/// The <c>Bearer</c> scheme: <c>Authorization: Bearer &lt;key&gt;</c>, the scheme word in any case (RFC 7235 §2.1),
/// looked up among the configured API keys and <c>Faults:AdminKey</c>. With <c>Auth:Mode=None</c> every other caller is
/// authenticated as <see cref="Callers.Anonymous"/>: then the same policies and the same fallback hold in both modes,
/// and only this class knows the mode (policies that pass when auth is off would have to ask it in every requirement).
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptions<AuthOptions> auth,
    ApiKeys keys,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "Bearer";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // One Authorization header or none: with two, which one counts would be the server's guess.
        var header = Request.Headers.Authorization;
        var presented = header.Count == 1 ? BearerKey(header[0]) : null;
        var mode = auth.Value.Mode;
        if (presented is not null && keys.Find(presented, mode) is { } principal)
        {
            return Success(principal);
        }

        // A wrong or missing key is "no result" rather than a failure: both end in the challenge (401), and a failure
        // would log a line at Information for every stranger's request.
        return mode == AuthMode.None ? Success(Callers.Anonymous) : Task.FromResult(AuthenticateResult.NoResult());
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = ProblemType.Unauthorized.Status;
        Response.Headers.WWWAuthenticate = SchemeName;
        var detail = auth.Value.Mode == AuthMode.None
            ? "Send the admin key as Authorization: Bearer <Faults:AdminKey>."
            : "Send an API key as Authorization: Bearer <key>.";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Type = ProblemType.Unauthorized.Uri, Title = ProblemType.Unauthorized.Title, Status = ProblemType.Unauthorized.Status, Detail = detail },
        });
    }

    /// <summary>The credentials of a <c>Bearer</c> header: the scheme word in any case, one or more spaces, the key; else null.</summary>
    internal static string? BearerKey(string? header)
    {
        if (header is null || header.Length <= SchemeName.Length + 1 || !header.AsSpan(0, SchemeName.Length).Equals(SchemeName, StringComparison.OrdinalIgnoreCase) || header[SchemeName.Length] != ' ')
        {
            return null;
        }

        var key = header.AsSpan(SchemeName.Length).TrimStart(' ');
        return key.IsEmpty ? null : key.ToString();
    }

    private static Task<AuthenticateResult> Success(System.Security.Claims.ClaimsPrincipal principal) =>
        Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
}
