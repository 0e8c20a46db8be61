using Microsoft.Extensions.Time.Testing;

namespace Leasehold.Faults.Tests;

public sealed class FaultClockTests
{
    [Fact]
    public void An_offset_moves_the_wall_clock_and_leaves_the_monotonic_clock_alone()
    {
        var time = new FakeTimeProvider();
        var clock = new FaultClock(time);
        var timestamp = clock.GetTimestamp();

        clock.Set(TimeSpan.FromMinutes(-10), driftPpm: 0);

        Assert.Equal(time.GetUtcNow() - TimeSpan.FromMinutes(10), clock.GetUtcNow());
        Assert.Equal(timestamp, clock.GetTimestamp());
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(5), clock.GetElapsedTime(timestamp));
        Assert.Equal(TimeSpan.FromMinutes(-10), clock.Offset);
    }

    [Fact]
    public void A_drift_grows_the_offset_with_elapsed_time_from_when_it_was_set()
    {
        var time = new FakeTimeProvider();
        var clock = new FaultClock(time);

        clock.Set(TimeSpan.FromSeconds(1), driftPpm: 1_000);
        time.Advance(TimeSpan.FromSeconds(100));

        // 1,000 ppm of 100 s is 100 ms.
        Assert.Equal(TimeSpan.FromMilliseconds(1_100), clock.Offset);
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromMilliseconds(1_100), clock.GetUtcNow());
    }

    [Fact]
    public void A_skew_of_a_non_finite_drift_is_refused()
    {
        var faults = new FaultController(new FaultClock(TimeProvider.System), new FaultsInstruments(new TestMeterFactory()), Microsoft.Extensions.Logging.Abstractions.NullLogger<FaultController>.Instance);

        Assert.Throws<ArgumentOutOfRangeException>(() => faults.SkewClock(TimeSpan.Zero, double.NaN));
        Assert.Equal(TimeSpan.Zero, faults.ClockOffset);
    }
}
