namespace Leasehold.Client;

/// <summary>No connection to the service could be made: the request was never sent, so it had no effect.</summary>
public sealed class ServiceUnreachableException : LeaseholdException
{
    public ServiceUnreachableException()
    {
    }

    public ServiceUnreachableException(string message)
        : base(message)
    {
    }

    public ServiceUnreachableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
