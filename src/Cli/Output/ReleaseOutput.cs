namespace Leasehold.Cli.Output;

/// <summary>The answer to <c>lease release</c>.</summary>
internal sealed record ReleaseOutput(string Resource, bool Released);
