namespace Leasehold.Api.Cluster;

/// <summary>
/// How <c>/v1/faults/kill</c> ends this silo once its answer is out: by default the process kills itself (SIGKILL, exit
/// 137: no goodbye to the membership table, nothing flushed), as a crash would. A host that runs several silos in one
/// process (a test) registers its own.
/// </summary>
public sealed class SiloTermination(Action terminate)
{
    /// <summary>Ends this process at once.</summary>
    public static SiloTermination Process { get; } = new(static () =>
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        self.Kill();
    });

    /// <summary>Ends the silo.</summary>
    public void Terminate() => terminate();
}
