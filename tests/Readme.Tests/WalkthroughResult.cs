namespace Leasehold.Readme.Tests;

/// <summary>What a walkthrough did.</summary>
/// <param name="ExitCode">bash's exit code; null when it was killed at the timeout.</param>
/// <param name="Elapsed">How long it ran.</param>
/// <param name="Output">Standard output and error, one stream, by line.</param>
/// <param name="LeftRunning">The processes it started and had not stopped (they were killed).</param>
/// <param name="Logs">The tails of the log files it wrote.</param>
internal sealed record WalkthroughResult(int? ExitCode, TimeSpan Elapsed, IReadOnlyList<string> Output, IReadOnlyList<string> LeftRunning, string Logs);
