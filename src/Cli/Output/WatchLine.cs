using System.Globalization;
using Spectre.Console;

namespace Leasehold.Cli.Output;

/// <summary>
/// Prints one watch event a line, for people: time, id, kind (coloured on a terminal unless NO_COLOR), then its fields;
/// cut to the terminal's width so a line never wraps. JSON output prints the event as one JSON object a line instead.
/// </summary>
internal sealed class WatchLine(Renderer renderer)
{
    private readonly IAnsiConsole _console = Leasehold.Chaos.TerminalConsole.Create(renderer.Writer);

    public void Write(WatchEventOutput e)
    {
        if (renderer.Format == OutputFormat.Json)
        {
            renderer.Writer.WriteLine(System.Text.Json.JsonSerializer.Serialize(e, WatchJsonContext.Default.WatchEventOutput));
            renderer.Writer.Flush();
            return;
        }

        var head = string.Create(CultureInfo.InvariantCulture, $"{Renderer.Text(e.AtUtc ?? e.Lease?.ExpiresAtUtc ?? e.Object?.UpdatedAtUtc)}  #{e.Id}  ");
        var kind = e.Kind.PadRight(8);
        var rest = Describe(e);
        var width = Math.Max(20, _console.Profile.Width - 1);
        var room = width - head.Length - kind.Length - 2;
        if (rest.Length > room)
        {
            rest = room > 1 ? string.Concat(rest.AsSpan(0, room - 1), "…") : string.Empty;
        }

        _console.MarkupLine($"{Markup.Escape(head)}[{ColourOf(e.Kind)}]{Markup.Escape(kind)}[/]  {Markup.Escape(rest)}");
    }

    private static string Describe(WatchEventOutput e) => e.Kind switch
    {
        "reset" when e.Lease is { } lease => $"({e.Reason}) " + (lease.Held
            ? $"held by {lease.Holder}, fence {lease.Fence}, {lease.RemainingMs} ms left"
            : $"not held, fence {lease.Fence}"),
        "reset" when e.Object is { } state => $"({e.Reason}) " + (state.Exists
            ? $"version {state.Version}, fence {state.Fence}, {state.Length} bytes {state.ContentType}"
            : state.Version == 0 ? "never written" : $"deleted at version {state.Version}, fence {state.Fence}"),
        "written" => $"version {e.Version}, fence {e.Fence}, {e.Length} bytes",
        "deleted" => $"version {e.Version}, fence {e.Fence}",
        "granted" or "renewed" => $"holder {e.Holder}, fence {e.Fence}, expires {Renderer.Text(e.ExpiresAtUtc)}",
        _ => $"holder {e.Holder}, fence {e.Fence}",
    };

    private static string ColourOf(string kind) => kind switch
    {
        "granted" or "written" => "green",
        "renewed" => "blue",
        "released" or "deleted" => "yellow",
        "expired" or "lost" => "red",
        _ => "grey",
    };
}
