namespace Leasehold.Cli.Output;

/// <summary>How results are written to standard output.</summary>
internal enum OutputFormat
{
    /// <summary>For people: aligned fields for one item, a table for lists.</summary>
    Table,

    /// <summary>For scripts: indented JSON, camelCase.</summary>
    Json,
}
