namespace Leasehold.Cli;

/// <summary>The command line asks for something that cannot be done as given; exit code <see cref="ExitCodes.BadInput"/>.</summary>
internal sealed class CliInputException(string message) : Exception(message);
