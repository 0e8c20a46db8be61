namespace Leasehold.Api.Security;

/// <summary>What a principal may do.</summary>
public static class Roles
{
    /// <summary>Acquire, renew, release and read leases.</summary>
    public const string Lease = "lease";

    /// <summary>Write fenced objects (with a token of one of its own leases).</summary>
    public const string Write = "write";

    /// <summary>Read objects and the cluster view.</summary>
    public const string Read = "read";

    /// <summary>Everything, and fault injection.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Lease, Write, Read, Admin };
}

/// <summary>The authenticated caller of a request, as a request feature.</summary>
/// <param name="Name">The principal's name.</param>
/// <param name="Roles">Its roles.</param>
/// <param name="Anonymous">True with authentication off: then leases are not bound to principals.</param>
public sealed record LeaseholdPrincipal(string Name, IReadOnlySet<string> Roles, bool Anonymous)
{
    public static LeaseholdPrincipal Nobody { get; } = new("anonymous", Security.Roles.All, Anonymous: true);

    public bool Has(string role) => Roles.Contains(role) || Roles.Contains(Security.Roles.Admin);

    /// <summary>The principal whose ownership of a lease is checked, or null with authentication off.</summary>
    public string? Owner => Anonymous ? null : Name;
}

/// <summary>Reads the caller of a request.</summary>
public static class PrincipalExtensions
{
    public static LeaseholdPrincipal Principal(this HttpContext context) =>
        context.Features.Get<LeaseholdPrincipal>() ?? LeaseholdPrincipal.Nobody;
}
