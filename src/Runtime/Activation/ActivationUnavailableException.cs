namespace Leasehold.Runtime.Activation;

/// <summary>The activation went away before the work could run; the caller may route the call again.</summary>
public sealed class ActivationUnavailableException : Exception
{
    public ActivationUnavailableException(GrainId grainId) : base($"The activation of {grainId} was deactivated before the work could run.")
    {
    }

    public ActivationUnavailableException()
    {
    }

    public ActivationUnavailableException(string message) : base(message)
    {
    }

    public ActivationUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
