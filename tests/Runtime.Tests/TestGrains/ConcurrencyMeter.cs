namespace Leasehold.Runtime.Tests.TestGrains;

/// <summary>Counts how many are inside a region at once and remembers the most it ever saw.</summary>
public sealed class ConcurrencyMeter
{
    private int _inside;
    private int _max;

    public int Max => Volatile.Read(ref _max);

    public void Enter()
    {
        var inside = Interlocked.Increment(ref _inside);
        int max;
        while (inside > (max = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, inside, max) != max)
        {
        }
    }

    public void Exit() => Interlocked.Decrement(ref _inside);

    /// <summary>
    /// A stretch of synchronous grain code: stays inside for a moment, long enough that a second thread
    /// running code of the same activation would be caught overlapping.
    /// </summary>
    public void Run()
    {
        Enter();
        Thread.SpinWait(2_000);
        Exit();
    }
}
