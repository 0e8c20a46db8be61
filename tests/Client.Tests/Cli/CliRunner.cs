using Leasehold.Cli;

namespace Leasehold.Client.Tests.Cli;

/// <summary>Runs the real command tree in-process against a server, with captured output.</summary>
internal static class CliRunner
{
    public static async Task<CliResult> RunAsync(Uri endpoint, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // The endpoint goes first: after `lock <resource> --`, every token belongs to the child's command line.
        var code = await LeaseholdCli.RunAsync(["--endpoint", endpoint.ToString(), .. args], output, error, bound.Token);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}
