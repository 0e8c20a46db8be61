namespace Leasehold.Storage;

/// <summary>The database could not be reached or refused the operation for a reason outside the data (I/O, busy, down). Nothing was acknowledged.</summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message) : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
