using Microsoft.AspNetCore.Authorization;

namespace Leasehold.Api.Security;

/// <summary>
/// The authorization policies, one per role; every route group names one. A route that names none still needs an
/// authenticated caller (the fallback policy), so a route added later is closed until it says otherwise.
/// </summary>
public static class Policies
{
    /// <summary>The lease routes: the <c>lease</c> role (or <c>admin</c>).</summary>
    public const string Lease = Roles.Lease;

    /// <summary>Fenced writes: the <c>write</c> role (or <c>admin</c>).</summary>
    public const string Write = Roles.Write;

    /// <summary>Object reads, the cluster view and the stats: the <c>read</c> role (or <c>admin</c>).</summary>
    public const string Read = Roles.Read;

    /// <summary>Fault injection: an API key with the <c>admin</c> role, or <c>Faults:AdminKey</c>.</summary>
    public const string Admin = Roles.Admin;

    /// <summary>
    /// Orleans' dashboard (<c>/orleans</c>): an API key with the <c>admin</c> role when authentication is on; every caller
    /// when it is off, as for every other read.
    /// </summary>
    public const string OrleansDashboard = "orleans-dashboard";

    internal static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Lease, p => p.RequireRole(Roles.Lease, Roles.Admin));
        options.AddPolicy(Write, p => p.RequireRole(Roles.Write, Roles.Admin));
        options.AddPolicy(Read, p => p.RequireRole(Roles.Read, Roles.Admin));
        options.AddPolicy(Admin, p => p.RequireRole(Roles.Admin, Roles.FaultAdminKey));
        options.AddPolicy(OrleansDashboard, p => p.RequireAssertion(c => c.User.IsInRole(Roles.Admin) || c.User.IsAnonymousCaller()));
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}
