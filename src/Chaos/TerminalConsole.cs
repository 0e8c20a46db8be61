using Spectre.Console;

namespace Leasehold.Chaos;

/// <summary>
/// The console every command writes through: colours, cursor movement and the terminal's width only when the output is
/// an interactive terminal; redirected or captured output is plain text, wide enough not to wrap tables and lines.
/// <c>NO_COLOR</c> (https://no-color.org) turns colours off also on a terminal.
/// </summary>
public static class TerminalConsole
{
    /// <summary>Width given to output that is not a terminal: wide enough for every table the commands print.</summary>
    public const int PlainWidth = 200;

    /// <summary>A console over <paramref name="output"/>; a terminal only if it is this process's own, unredirected standard output.</summary>
    public static IAnsiConsole Create(TextWriter output) =>
        Create(output, ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected, NoColorRequested());

    /// <summary>As <see cref="Create(TextWriter)"/>, with what it would detect given: for tests.</summary>
    public static IAnsiConsole Create(TextWriter output, bool terminal, bool noColor)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal && !noColor ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        if (!terminal)
        {
            console.Profile.Width = PlainWidth;
        }

        return console;
    }

    /// <summary>Whether <c>NO_COLOR</c> is set to anything but the empty string, as the convention says.</summary>
    public static bool NoColorRequested() => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
}
