namespace Leasehold.Runtime.Messaging;

/// <summary>The peer sent bytes that are not a frame of this protocol; the connection is dropped.</summary>
public sealed class InvalidFrameException : Exception
{
    public InvalidFrameException()
    {
    }

    public InvalidFrameException(string message) : base(message)
    {
    }

    public InvalidFrameException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
