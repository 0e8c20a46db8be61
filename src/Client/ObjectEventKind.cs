namespace Leasehold.Client;

/// <summary>What an <see cref="ObjectEvent"/> tells.</summary>
public enum ObjectEventKind
{
    /// <summary>The watch (re)starts from <see cref="ObjectEvent.Object"/>: it is new, or it missed versions (the store keeps only the latest).</summary>
    Reset,

    /// <summary>A fenced write was accepted.</summary>
    Written,

    /// <summary>A fenced delete was accepted.</summary>
    Deleted,
}
