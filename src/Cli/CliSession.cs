using Leasehold.Cli.Output;
using Leasehold.Client;

namespace Leasehold.Cli;

/// <summary>One command's run: a client for the chosen endpoint, and where its results and notices go.</summary>
internal sealed class CliSession(LeaseholdClient client, Renderer output, TextWriter error, CliHost host) : IDisposable
{
    public LeaseholdClient Client { get; } = client;

    public Renderer Output { get; } = output;

    /// <summary>Standard error, for notices (never for results).</summary>
    public TextWriter Error { get; } = error;

    public CliHost Host { get; } = host;

    public void Dispose() => Client.Dispose();
}
