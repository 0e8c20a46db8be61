namespace Leasehold.Runtime.Membership;

/// <summary>A silo's status in the membership table.</summary>
public enum SiloStatus
{
    /// <summary>Starting; not yet serving.</summary>
    Joining,
    /// <summary>Serving; owns its share of grains.</summary>
    Active,
    /// <summary>Stopping gracefully; handing its activations off.</summary>
    ShuttingDown,
    /// <summary>Gone for good under this generation.</summary>
    Dead,
}
