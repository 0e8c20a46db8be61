using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Leasehold.Chaos;
using Spectre.Console;

namespace Leasehold.Cli.Output;

/// <summary>Writes results in the chosen <see cref="OutputFormat"/>. Errors never go here: they go to standard error.</summary>
internal sealed class Renderer(TextWriter output, OutputFormat format)
{
    public OutputFormat Format => format;

    public TextWriter Writer => output;

    /// <summary>One item: JSON, or its fields as aligned <c>name  value</c> lines (long tokens stay on one line, easy to copy).</summary>
    public void Item<T>(T value, JsonTypeInfo<T> type, params (string Name, object? Value)[] fields)
    {
        if (format == OutputFormat.Json)
        {
            Json(value, type);
            return;
        }

        var width = fields.Max(f => f.Name.Length);
        foreach (var (name, field) in fields)
        {
            output.WriteLine($"{name.PadRight(width)}  {Text(field)}");
        }
    }

    public void Json<T>(T value, JsonTypeInfo<T> type) => output.WriteLine(JsonSerializer.Serialize(value, type));

    /// <summary>A table, for lists (Spectre.Console, plain characters when the output is not a terminal).</summary>
    public void Table(string? title, string[] columns, IEnumerable<string[]> rows)
    {
        var console = TerminalConsole.Create(output);
        var terminal = console.Profile.Capabilities.Ansi;
        if (title is not null)
        {
            output.WriteLine(title);
        }

        var table = new Table().Border(terminal ? TableBorder.Rounded : TableBorder.Ascii);

        foreach (var column in columns)
        {
            table.AddColumn(Markup.Escape(column));
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => new Text(cell)).ToArray<Spectre.Console.Rendering.IRenderable>());
        }

        console.Write(table);
    }

    public static string Text(object? value) => value switch
    {
        null => "-",
        DateTimeOffset time => time.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        bool flag => flag ? "yes" : "no",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "-",
    };
}
