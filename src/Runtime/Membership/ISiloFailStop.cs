namespace Leasehold.Runtime.Membership;

/// <summary>
/// What the host does when its silo learns from the membership table that it was declared Dead: stop
/// serving at once (fail-stop). The membership service has already stopped its loops and will never write
/// again under this generation; a restart comes back as a new generation. An interface so that a test
/// cluster can stop one in-process silo without stopping the process.
/// </summary>
public interface ISiloFailStop
{
    /// <summary>
    /// Called exactly once, from a membership loop: must return promptly and must not wait for the
    /// membership service (its loops are winding down on this very call).
    /// </summary>
    void FailStop(string reason);
}
