using System.Security.Claims;

namespace Leasehold.Api.Security;

/// <summary>The principals the API-key handler admits, and what the routes read off them.</summary>
public static class Callers
{
    /// <summary>The name of every caller with authentication off.</summary>
    public const string AnonymousName = "anonymous";

    /// <summary>The name of a caller that presented <c>Faults:AdminKey</c> with API keys on; no configured principal can have it (it has spaces).</summary>
    public const string FaultAdminKeyName = "(faults admin key)";

    internal const string AuthenticationType = "Bearer";

    /// <summary>Marks the caller of a server with authentication off: nobody is told apart, so nobody owns anything.</summary>
    private const string AnonymousClaim = "leasehold:anonymous";

    /// <summary>
    /// With authentication off: every caller, with every role but admin (fault injection still needs
    /// <c>Faults:AdminKey</c>). It is authenticated, so the fallback policy and the role policies hold unchanged.
    /// </summary>
    internal static ClaimsPrincipal Anonymous { get; } = Create(AnonymousName, [Roles.Lease, Roles.Write, Roles.Read], anonymous: true);

    /// <summary>With authentication off, a caller that presented <c>Faults:AdminKey</c>: anonymous, and allowed to inject faults.</summary>
    internal static ClaimsPrincipal AnonymousFaultAdmin { get; } = Create(AnonymousName, [Roles.Lease, Roles.Write, Roles.Read, Roles.FaultAdminKey], anonymous: true);

    /// <summary>With API keys on, a caller that presented <c>Faults:AdminKey</c>: fault injection only.</summary>
    internal static ClaimsPrincipal FaultAdmin { get; } = Create(FaultAdminKeyName, [Roles.FaultAdminKey], anonymous: false);

    /// <summary>An API key's principal. Keys with the admin role may inject faults too.</summary>
    internal static ClaimsPrincipal ForKey(ApiKeyOptions key) => Create(key.Principal, key.Roles, anonymous: false);

    /// <summary>The principal whose ownership of leases and tokens is checked, or null with authentication off (nobody is told apart).</summary>
    public static string? Owner(this HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { } name } && !context.User.IsAnonymousCaller() ? name : null;

    /// <summary>Whether this is the one caller of a server with authentication off.</summary>
    internal static bool IsAnonymousCaller(this ClaimsPrincipal user) => user.HasClaim(c => c.Type == AnonymousClaim);

    private static ClaimsPrincipal Create(string name, IEnumerable<string> roles, bool anonymous)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name) };
        claims.AddRange(roles.Distinct(StringComparer.Ordinal).Select(r => new Claim(ClaimTypes.Role, r)));
        if (anonymous)
        {
            claims.Add(new Claim(AnonymousClaim, "true"));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }
}
