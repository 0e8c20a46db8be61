using Orleans;

namespace Leasehold.Storage;

/// <summary>
/// A condition on the object's version that a fenced write or delete names beside its fence (HTTP's <c>If-Match</c> and
/// <c>If-None-Match</c>), checked in the same conditional statement as the fence. <see cref="None"/> (the default) checks
/// nothing but the fence.
/// </summary>
/// <param name="Kind">What is required of the key's current object.</param>
/// <param name="Version">The version <see cref="ObjectPreconditionKind.VersionIs"/> requires; 0 for the other kinds.</param>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.ObjectPrecondition")]
public readonly record struct ObjectPrecondition([property: Id(0)] ObjectPreconditionKind Kind, [property: Id(1)] long Version)
{
    /// <summary>No condition beyond the fence.</summary>
    public static ObjectPrecondition None => default;

    /// <summary>A live object exists (<c>If-Match: *</c>).</summary>
    public static ObjectPrecondition Exists => new(ObjectPreconditionKind.Exists, 0);

    /// <summary>No live object exists: never written, or deleted (<c>If-None-Match: *</c>, create-only).</summary>
    public static ObjectPrecondition Absent => new(ObjectPreconditionKind.Absent, 0);

    /// <summary>The live object is at <paramref name="version"/> (<c>If-Match: "N"</c>).</summary>
    public static ObjectPrecondition VersionIs(long version)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        return new(ObjectPreconditionKind.VersionIs, version);
    }

    /// <summary>Whether the condition can hold for a key that has no row at all (never written nor deleted).</summary>
    public bool AllowsCreate => Kind is ObjectPreconditionKind.None or ObjectPreconditionKind.Absent;

    /// <summary>The condition as HTTP says it, for messages.</summary>
    public override string ToString() => Kind switch
    {
        ObjectPreconditionKind.VersionIs => $"If-Match: \"{Version}\"",
        ObjectPreconditionKind.Exists => "If-Match: *",
        ObjectPreconditionKind.Absent => "If-None-Match: *",
        _ => "none",
    };
}
