using Leasehold.Runtime.Membership;

namespace Leasehold.Runtime.Tests.Membership;

/// <summary>Records fail-stops, and how many writes the silo had issued when it fail-stopped.</summary>
internal sealed class RecordingFailStop(RecordingMembershipTable writes) : ISiloFailStop
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public string? Reason { get; private set; }

    /// <summary>The silo's write count at its (first) fail-stop.</summary>
    public int WritesAtFailStop { get; private set; } = -1;

    public void FailStop(string reason)
    {
        if (Interlocked.Increment(ref _calls) == 1)
        {
            Reason = reason;
            WritesAtFailStop = writes.Writes.Count;
        }
    }
}
