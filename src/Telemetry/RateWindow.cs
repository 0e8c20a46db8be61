namespace Leasehold.Telemetry;

/// <summary>Counts per second of the monotonic clock over the last minute: a total and a recent rate.</summary>
internal sealed class RateWindow(TimeProvider time)
{
    private const int Seconds = 60;
    private readonly long[] _counts = new long[Seconds];
    private readonly long[] _secondOf = new long[Seconds];
    private readonly Lock _lock = new();
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public void Add(long count)
    {
        var second = CurrentSecond();
        var slot = (int)(second % Seconds);
        lock (_lock)
        {
            if (_secondOf[slot] != second)
            {
                _secondOf[slot] = second;
                _counts[slot] = 0;
            }

            _counts[slot] += count;
            _total += count;
        }
    }

    /// <summary>The mean per second over the last <paramref name="window"/> seconds (at most 60), this one included.</summary>
    public double PerSecond(int window)
    {
        var now = CurrentSecond();
        long sum = 0;
        lock (_lock)
        {
            for (var slot = 0; slot < Seconds; slot++)
            {
                if (_secondOf[slot] > now - window && _secondOf[slot] <= now)
                {
                    sum += _counts[slot];
                }
            }
        }

        return (double)sum / window;
    }

    // Offset by one so that second 0 is not mistaken for an empty slot.
    private long CurrentSecond() => (time.GetTimestamp() / time.TimestampFrequency) + 1;
}
