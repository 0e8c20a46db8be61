using Leasehold.Runtime.Membership;

namespace Leasehold.TestingHost;

/// <summary>Fail-stop inside a test process: kill just this silo (the process hosts others too).</summary>
internal sealed class TestClusterFailStop : ISiloFailStop
{
    public Func<string, Task>? Kill { get; set; }

    public void FailStop(string reason)
    {
        // Off the membership loop that calls us: the kill waits for that loop to wind down.
        var kill = Kill;
        if (kill is not null)
        {
            _ = Task.Run(() => kill(reason));
        }
    }
}
