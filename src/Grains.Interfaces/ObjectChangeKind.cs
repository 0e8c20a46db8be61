namespace Leasehold.Grains;

/// <summary>What happened to an object, as a watcher is told it.</summary>
public enum ObjectChangeKind
{
    /// <summary>A fenced write was accepted: the object has a new version.</summary>
    Written,

    /// <summary>A fenced delete was accepted: the key holds a tombstone that keeps its highest fence.</summary>
    Deleted,
}
