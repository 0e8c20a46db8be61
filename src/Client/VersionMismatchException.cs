namespace Leasehold.Client;

/// <summary>
/// 412 <c>version-mismatch</c>: the write or delete named a version (<see cref="ObjectCondition"/>) the object is not at.
/// Nothing changed, and the fence was good: read the object again and decide.
/// </summary>
public sealed class VersionMismatchException : LeaseholdException
{
    public VersionMismatchException()
    {
    }

    public VersionMismatchException(string message)
        : base(message)
    {
    }

    public VersionMismatchException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public VersionMismatchException(string message, string? detail, long currentVersion, bool deleted)
        : base(message, 412, ProblemTypes.VersionMismatch, detail)
    {
        CurrentVersion = currentVersion;
        Deleted = deleted;
    }

    /// <summary>The object's version now (0: never written).</summary>
    public long CurrentVersion { get; }

    /// <summary>The key holds no live object: deleted, or never written.</summary>
    public bool Deleted { get; }
}
