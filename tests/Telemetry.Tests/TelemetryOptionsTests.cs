using Microsoft.Extensions.Configuration;

namespace Leasehold.Telemetry.Tests;

public sealed class TelemetryOptionsTests
{
    [Fact]
    public void Every_exporter_of_ours_is_off_unless_asked_for()
    {
        var options = TelemetryOptions.Read(new ConfigurationBuilder().Build());

        Assert.False(options.Console.Enabled);
        Assert.True(options.Console.Metrics);
        Assert.False(options.Prometheus.Enabled);
    }

    [Theory]
    [InlineData("Telemetry:Console:Enabled")]
    [InlineData("Telemetry:Console:Metrics")]
    [InlineData("Telemetry:Prometheus:Enabled")]
    public void A_value_that_is_not_a_bool_stops_the_start_naming_its_key(string key)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, "yes please")]).Build();

        var error = Assert.Throws<InvalidOperationException>(() => TelemetryOptions.Read(configuration));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains("configuration", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
