using Leasehold.Cli.Bench;

namespace Leasehold.Client.Tests.Cli.Bench;

/// <summary>The load generator's log-linear histogram: exact below 256 µs, within 1/128 above, never understating.</summary>
public sealed class LatencyHistogramTests
{
    [Fact]
    public void An_empty_histogram_reports_zero_for_every_percentile()
    {
        var histogram = new LatencyHistogram();

        Assert.Equal(0, histogram.Count);
        Assert.Equal(0, histogram.ValueAtPercentile(50));
        Assert.Equal(0, histogram.ValueAtPercentile(99.9));
    }

    [Fact]
    public void Small_values_are_counted_exactly()
    {
        var histogram = new LatencyHistogram();
        for (var value = 1; value <= 200; value++)
        {
            histogram.RecordMicroseconds(value);
        }

        Assert.Equal(200, histogram.Count);
        Assert.Equal(100, histogram.ValueAtPercentile(50));
        Assert.Equal(198, histogram.ValueAtPercentile(99));
        Assert.Equal(200, histogram.ValueAtPercentile(100));
        Assert.Equal(1, histogram.MinMicroseconds);
        Assert.Equal(200, histogram.MaxMicroseconds);
        Assert.Equal(100.5, histogram.MeanMicroseconds, precision: 6);
    }

    [Theory]
    [InlineData(256L)]
    [InlineData(257L)]
    [InlineData(1_000L)]
    [InlineData(9_999L)]
    [InlineData(123_456L)]
    [InlineData(5_000_000L)]
    [InlineData(3_600_000_000L)]
    public void A_large_value_is_reported_at_most_one_128th_above_itself_and_never_below(long value)
    {
        var index = LatencyHistogram.IndexOf(value);
        var reported = LatencyHistogram.HighestEquivalentValue(index);

        Assert.InRange(reported, value, value + (value / 128));
        Assert.True(index == 0 || LatencyHistogram.HighestEquivalentValue(index - 1) < value, "the value belongs to the first bucket whose upper bound reaches it");
    }

    [Fact]
    public void Buckets_cover_every_value_in_order_without_gaps()
    {
        long previousHigh = -1;
        for (var index = 0; index < 2_000; index++)
        {
            var high = LatencyHistogram.HighestEquivalentValue(index);
            Assert.Equal(index, LatencyHistogram.IndexOf(previousHigh + 1));
            Assert.Equal(index, LatencyHistogram.IndexOf(high));
            previousHigh = high;
        }
    }

    [Fact]
    public void Percentiles_of_a_uniform_run_of_millisecond_latencies_are_within_the_precision()
    {
        var histogram = new LatencyHistogram();
        for (var ms = 1; ms <= 1000; ms++)
        {
            histogram.Record(TimeSpan.FromMilliseconds(ms));
        }

        AssertNear(500_000, histogram.ValueAtPercentile(50));
        AssertNear(990_000, histogram.ValueAtPercentile(99));
        AssertNear(999_000, histogram.ValueAtPercentile(99.9));
        Assert.Equal(1_000_000, histogram.ValueAtPercentile(100));
    }

    [Fact]
    public void A_rare_slow_request_shows_in_the_tail_and_not_in_the_median()
    {
        var histogram = new LatencyHistogram();
        for (var i = 0; i < 999; i++)
        {
            histogram.RecordMicroseconds(1_000);
        }

        histogram.RecordMicroseconds(250_000);

        AssertNear(1_000, histogram.ValueAtPercentile(50));
        AssertNear(1_000, histogram.ValueAtPercentile(99.9));
        Assert.Equal(250_000, histogram.ValueAtPercentile(99.95));
        Assert.Equal(250_000, histogram.MaxMicroseconds);
    }

    [Fact]
    public void Merged_histograms_answer_as_one_that_recorded_everything()
    {
        var left = new LatencyHistogram();
        var right = new LatencyHistogram();
        var all = new LatencyHistogram();
        var random = new Random(7);
        for (var i = 0; i < 10_000; i++)
        {
            var value = (long)Math.Exp(random.NextDouble() * 14);
            (i % 2 == 0 ? left : right).RecordMicroseconds(value);
            all.RecordMicroseconds(value);
        }

        left.Add(right);

        Assert.Equal(all.Count, left.Count);
        Assert.Equal(all.MinMicroseconds, left.MinMicroseconds);
        Assert.Equal(all.MaxMicroseconds, left.MaxMicroseconds);
        foreach (var percentile in new[] { 0.0, 50, 90, 99, 99.9, 100 })
        {
            Assert.Equal(all.ValueAtPercentile(percentile), left.ValueAtPercentile(percentile));
        }
    }

    [Fact]
    public void Negative_values_and_percentiles_out_of_range_are_refused()
    {
        var histogram = new LatencyHistogram();

        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.RecordMicroseconds(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.ValueAtPercentile(100.1));
        Assert.Equal(0, histogram.Count);
    }

    private static void AssertNear(long expected, long actual) => Assert.InRange(actual, expected, expected + (expected / 128));
}
