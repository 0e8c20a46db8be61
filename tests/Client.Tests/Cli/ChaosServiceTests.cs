using Leasehold.Chaos;
using Leasehold.Cli;

namespace Leasehold.Client.Tests.Cli;

/// <summary><c>leasehold chaos</c> does not carry the service: told a place without one, it says how to give one and exits 2.</summary>
public sealed class ChaosServiceTests
{
    [Fact]
    public async Task Chaos_with_a_service_path_holding_no_service_prints_one_line_with_the_options_and_exits_2()
    {
        var nowhere = Path.Combine(Path.GetTempPath(), "leasehold-cli-tests", Guid.NewGuid().ToString("N"));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await LeaseholdCli.RunAsync(["chaos", "--service", nowhere, "--duration", "1s"], output, error);

        Assert.Equal(ChaosCommand.ClusterDidNotStart, code);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith($"Could not start the cluster: --service {nowhere}: no Leasehold.Api.dll there; pass --service PATH", line, StringComparison.Ordinal);
        Assert.Contains("LEASEHOLD_SERVICE", line, StringComparison.Ordinal);
        Assert.Contains("clone of the repository", line, StringComparison.Ordinal);
    }
}
