using Orleans;

namespace Leasehold.Storage;

/// <summary>What an <see cref="ObjectPrecondition"/> requires of the key's current object.</summary>
[GenerateSerializer]
[Alias("leasehold.ObjectPreconditionKind")]
public enum ObjectPreconditionKind
{
    /// <summary>Nothing: only the fence is checked.</summary>
    None = 0,
    /// <summary>The live object's version equals the precondition's version.</summary>
    VersionIs = 1,
    /// <summary>A live object exists, whatever its version.</summary>
    Exists = 2,
    /// <summary>No live object exists (never written, or deleted).</summary>
    Absent = 3,
}
