namespace Leasehold.Runtime.Messaging;

/// <summary>The connection broke after a request was sent: the call may or may not have run. Retry only what is idempotent.</summary>
public sealed class SiloConnectionLostException : Exception
{
    public SiloConnectionLostException()
    {
    }

    public SiloConnectionLostException(string message) : base(message)
    {
    }

    public SiloConnectionLostException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
