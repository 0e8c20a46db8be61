namespace Leasehold.Cli;

/// <summary>Where a run of the command line reads and writes: the real console, or captured writers in tests.</summary>
/// <param name="Out">Standard output (results).</param>
/// <param name="Error">Standard error (one-line errors and notices).</param>
/// <param name="OpenStandardInput">Bytes piped in (<c>object put</c> without --data or --file); null when there is no such stream.</param>
/// <param name="OpenStandardOutput">Raw bytes out (<c>object get</c>); null: write the bytes as UTF-8 text to <see cref="Out"/>.</param>
/// <param name="InputRedirected">Whether standard input is a pipe or file rather than a terminal.</param>
internal sealed record CliHost(TextWriter Out, TextWriter Error, Func<Stream>? OpenStandardInput, Func<Stream>? OpenStandardOutput, bool InputRedirected)
{
    public static CliHost Console => new(
        System.Console.Out,
        System.Console.Error,
        System.Console.OpenStandardInput,
        System.Console.OpenStandardOutput,
        System.Console.IsInputRedirected);

    public static CliHost Captured(TextWriter output, TextWriter error) => new(output, error, null, null, false);
}
