namespace Leasehold.Client.Tests.Cli;

/// <summary>What one in-process run of the command line returned and printed.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}; stdout: {Output}; stderr: {Error}";
}
