namespace Leasehold.Storage;

/// <summary>What the store did with a fenced write.</summary>
public enum FencedWriteOutcome
{
    /// <summary>Written and durable.</summary>
    Accepted,
    /// <summary>Refused: the key has seen a higher fence.</summary>
    StaleFence,
    /// <summary>Refused: the key is bound to another resource, whose fences are not comparable.</summary>
    WrongResource,
    /// <summary>Refused: the fence would do, but the key's current version is not the one the precondition names.</summary>
    PreconditionFailed,
}
