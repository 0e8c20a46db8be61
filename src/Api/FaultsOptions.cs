namespace Leasehold.Api;

/// <summary>The fault-injection admin surface; bound from the <c>Faults</c> section. Off unless enabled.</summary>
public sealed class FaultsOptions
{
    public const string Section = "Faults";

    /// <summary>Maps <c>/v1/faults</c>. Default false: the routes do not exist.</summary>
    public bool Enabled { get; set; }

    /// <summary>The admin key every <c>/v1/faults</c> request presents as <c>Authorization: Bearer &lt;key&gt;</c>; required when enabled (16 characters or more).</summary>
    public string AdminKey { get; set; } = string.Empty;
}
