namespace Leasehold.Api;

/// <summary>The fault-injection admin surface; bound from the <c>Faults</c> section. Off unless enabled.</summary>
public sealed class FaultsOptions
{
    public const string Section = "Faults";

    /// <summary>Maps <c>/v1/faults</c>. Default false: the routes do not exist.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The admin key a <c>/v1/faults</c> request may present as <c>Authorization: Bearer &lt;key&gt;</c>, in either auth mode (with API
    /// keys on, an API key with the admin role works too); required when enabled (16 characters or more), and not one of the API keys.
    /// </summary>
    public string AdminKey { get; set; } = string.Empty;
}
