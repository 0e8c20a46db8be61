namespace Leasehold.Runtime;

/// <summary>Why an activation is being deactivated.</summary>
public enum DeactivationReason
{
    /// <summary>Not used for longer than the collection age.</summary>
    IdleCollection,
    /// <summary>The grain asked to be deactivated (<see cref="Grain.DeactivateOnIdle"/>).</summary>
    ApplicationRequested,
    /// <summary>The silo is shutting down.</summary>
    ShuttingDown,
    /// <summary>The grain's owner changed, or its state was found to be stale.</summary>
    Stale,
}
