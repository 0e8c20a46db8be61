namespace Leasehold.Runtime.Activation;

/// <summary>One turn's worth of work for an activation: a call, a timer tick, activation or deactivation.</summary>
internal abstract class WorkItem
{
    /// <summary>Starts at once, interleaving with other turns (a call to an <see cref="AlwaysInterleaveAttribute"/> method).</summary>
    public virtual bool Interleave => false;

    /// <summary>Whether running it counts as use of the activation, which postpones idle collection.</summary>
    public virtual bool IsActivity => true;

    /// <summary>Runs the turn on the activation's scheduler. Exceptions are reported to whoever waits for the item.</summary>
    public abstract Task ExecuteAsync(Activation activation);

    /// <summary>The item will never run (its activation failed to activate or went away).</summary>
    public abstract void Fail(Exception reason);
}
