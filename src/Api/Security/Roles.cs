namespace Leasehold.Api.Security;

/// <summary>What a principal may do: the roles an API key lists in <c>Auth:Keys:n:Roles</c>.</summary>
public static class Roles
{
    /// <summary>Acquire, renew, release and read leases.</summary>
    public const string Lease = "lease";

    /// <summary>Write fenced objects (with a token of one of its own leases).</summary>
    public const string Write = "write";

    /// <summary>Read objects, the cluster view and the stats.</summary>
    public const string Read = "read";

    /// <summary>Everything, and fault injection.</summary>
    public const string Admin = "admin";

    /// <summary>
    /// Carried only by a caller that presents <c>Faults:AdminKey</c>: fault injection and nothing else. Not a role a key
    /// can be configured with.
    /// </summary>
    internal const string FaultAdminKey = "faults-admin-key";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Lease, Write, Read, Admin };
}
