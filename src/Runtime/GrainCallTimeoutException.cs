namespace Leasehold.Runtime;

/// <summary>
/// A grain call got no response before its deadline. The outcome is unknown: the call may have taken
/// effect, or not. Retry only what is idempotent (acquire by the same holder is; a fenced write carries
/// its token, so a retry cannot overwrite newer data).
/// </summary>
public sealed class GrainCallTimeoutException : TimeoutException
{
    public GrainCallTimeoutException(GrainId target, string method, TimeSpan timeout)
        : base($"The call {method} to {target} got no response within {timeout.TotalMilliseconds:0} ms; its outcome is unknown.")
    {
        Target = target;
        Method = method;
    }

    public GrainCallTimeoutException()
    {
        Method = string.Empty;
    }

    public GrainCallTimeoutException(string message) : base(message)
    {
        Method = string.Empty;
    }

    public GrainCallTimeoutException(string message, Exception innerException) : base(message, innerException)
    {
        Method = string.Empty;
    }

    public GrainId Target { get; }

    public string Method { get; }
}
