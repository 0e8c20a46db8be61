namespace Leasehold.Grains;

/// <summary>
/// The rules that tie an election to its lease. An election is a lease whose holder — the leader — proclaims a value:
/// election <c>NAME</c> is the lease on resource <c>election:NAME</c>, so leadership has the lease's fence, fencing token,
/// wait line, expiry and clock-uncertainty handling, and no ordinary lease name collides with it unless it asks to.
/// </summary>
public static class ElectionNames
{
    /// <summary>The resource prefix of every election's lease.</summary>
    public const string ResourcePrefix = "election:";

    /// <summary>Longest election name: the lease's resource (prefix included) must stay a valid resource name.</summary>
    public const int MaxNameLength = Names.MaxLength - 9;

    /// <summary>Longest proclaimed value, in characters.</summary>
    public const int MaxValueLength = 4096;

    /// <summary>An election name: 1–191 characters of <c>A-Z a-z 0-9 . _ - :</c>.</summary>
    public static bool IsValid(string? name) => name is { Length: <= MaxNameLength } && Names.IsValidResource(name);

    /// <summary>The resource of <paramref name="name"/>'s lease: <c>election:NAME</c>.</summary>
    public static string ResourceOf(string name) => ResourcePrefix + name;
}
