namespace Leasehold.Runtime.Messaging;

/// <summary>
/// No connection to the silo could be made, so the request was never sent: retrying elsewhere is safe.
/// (A connection lost after sending is different: that outcome is unknown, see <see cref="GrainCallTimeoutException"/>.)
/// </summary>
public sealed class SiloUnavailableException : Exception
{
    public SiloUnavailableException()
    {
    }

    public SiloUnavailableException(string message) : base(message)
    {
    }

    public SiloUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
