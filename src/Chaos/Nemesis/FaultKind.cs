namespace Leasehold.Chaos.Nemesis;

/// <summary>The fault families a run may draw from (<c>--faults kill,pause,partition,delay,skew</c>).</summary>
public enum FaultKind
{
    /// <summary>Kill a node abruptly (or, one time in four, stop it gracefully), then start it again.</summary>
    Kill,

    /// <summary>Stop the world on a node for a while: sometimes shorter, sometimes longer than failure detection needs to vote it dead.</summary>
    Pause,

    /// <summary>Cut two nodes apart, or isolate one from all others, then heal.</summary>
    Partition,

    /// <summary>Delay the messages from one node to another, then heal.</summary>
    Delay,

    /// <summary>Skew a node's wall clock (offset and drift) within the lease service's clock-uncertainty bound, then restore it.</summary>
    Skew,
}
