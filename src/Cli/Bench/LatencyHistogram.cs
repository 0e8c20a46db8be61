using System.Numerics;

namespace Leasehold.Cli.Bench;

/// <summary>
/// A log-linear latency histogram in microseconds, after HdrHistogram's layout: values below 256 µs are
/// counted exactly; above, each power of two is split into 128 equal buckets, so a reported value is at most
/// 1/128 (0.8 %) above the true one. Recording is one array increment and never allocates; each client keeps
/// its own histogram and they are merged at the end, so there is no sharing on the hot path.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBucketBits = 7;
    private const int SubBucketCount = 1 << SubBucketBits;
    private const int ExactLimit = SubBucketCount * 2;
    private const int MaxMagnitude = 40; // 2^40 µs ≈ 12.7 days: anything longer is clamped.

    private readonly long[] _counts = new long[ExactLimit + ((MaxMagnitude - SubBucketBits) * SubBucketCount)];
    private long _sum;

    public long Count { get; private set; }

    public long MinMicroseconds { get; private set; } = long.MaxValue;

    public long MaxMicroseconds { get; private set; }

    public double MeanMicroseconds => Count == 0 ? 0 : (double)_sum / Count;

    public void Record(TimeSpan elapsed) => RecordMicroseconds(Math.Max(0, elapsed.Ticks / TimeSpan.TicksPerMicrosecond));

    public void RecordMicroseconds(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        value = Math.Min(value, (1L << MaxMagnitude) - 1);
        _counts[IndexOf(value)]++;
        Count++;
        _sum += value;
        MinMicroseconds = Math.Min(MinMicroseconds, value);
        MaxMicroseconds = Math.Max(MaxMicroseconds, value);
    }

    /// <summary>Adds every value of <paramref name="other"/> to this histogram.</summary>
    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        _sum += other._sum;
        MinMicroseconds = Math.Min(MinMicroseconds, other.MinMicroseconds);
        MaxMicroseconds = Math.Max(MaxMicroseconds, other.MaxMicroseconds);
    }

    /// <summary>
    /// The smallest recorded value (to the histogram's precision) that at least <paramref name="percentile"/> percent
    /// of the values do not exceed; 0 when nothing was recorded. Reported as the bucket's upper bound, capped at the
    /// exact maximum, so a percentile never understates a latency.
    /// </summary>
    public long ValueAtPercentile(double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100.0);
        if (Count == 0)
        {
            return 0;
        }

        // Rounded before the ceiling, so that 99.9 % of 1000 is rank 999 and not 1000 by a floating-point hair.
        var rank = Math.Max(1, (long)Math.Ceiling(Math.Round(percentile * Count / 100.0, 6)));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(HighestEquivalentValue(i), MaxMicroseconds);
            }
        }

        return MaxMicroseconds;
    }

    internal static int IndexOf(long value)
    {
        if (value < ExactLimit)
        {
            return (int)value;
        }

        // The top SubBucketBits+1 bits of the value pick the bucket: its magnitude, then its position within it.
        var magnitude = 63 - BitOperations.LeadingZeroCount((ulong)value);
        var shift = magnitude - SubBucketBits;
        var sub = (int)(value >> shift) - SubBucketCount;
        return ExactLimit + ((shift - 1) * SubBucketCount) + sub;
    }

    /// <summary>The largest value that falls into bucket <paramref name="index"/>.</summary>
    internal static long HighestEquivalentValue(int index)
    {
        if (index < ExactLimit)
        {
            return index;
        }

        var shift = ((index - ExactLimit) / SubBucketCount) + 1;
        var sub = (index - ExactLimit) % SubBucketCount;
        var lowest = (long)(SubBucketCount + sub) << shift;
        return lowest + (1L << shift) - 1;
    }
}
