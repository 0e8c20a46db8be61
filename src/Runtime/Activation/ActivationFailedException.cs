namespace Leasehold.Runtime.Activation;

/// <summary>A grain could not be activated (its constructor or <see cref="Grain.OnActivateAsync"/> threw).</summary>
public sealed class ActivationFailedException : Exception
{
    public ActivationFailedException(GrainId grainId, Exception innerException)
        : base($"Activation of {grainId} failed: {innerException.Message}", innerException)
    {
    }

    public ActivationFailedException()
    {
    }

    public ActivationFailedException(string message) : base(message)
    {
    }

    public ActivationFailedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
