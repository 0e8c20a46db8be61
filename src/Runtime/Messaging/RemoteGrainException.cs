namespace Leasehold.Runtime.Messaging;

/// <summary>A grain on another silo threw; the message carries the remote exception's type name and text.</summary>
public sealed class RemoteGrainException : Exception
{
    public RemoteGrainException()
    {
    }

    public RemoteGrainException(string message) : base(message)
    {
    }

    public RemoteGrainException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
