using System.Globalization;

namespace Leasehold.StorageBench;

/// <summary>What to measure, from the command line.</summary>
/// <param name="Providers">Sqlite and/or Postgres.</param>
/// <param name="Writers">The concurrent writer counts to run.</param>
/// <param name="BatchSizes">Storage:MaxBatchSize values; 1 turns group commit off.</param>
/// <param name="Duration">How long each measurement runs, after a warm-up of a fifth of it.</param>
/// <param name="PostgresConnectionString">The server for the PostgreSQL runs (a scratch schema is created and dropped).</param>
internal sealed record BenchSettings(string[] Providers, int[] Writers, int[] BatchSizes, TimeSpan Duration, string? PostgresConnectionString)
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/StorageBench -- [options]
          --providers sqlite,postgres   providers to measure (default: both; postgres needs a connection string)
          --writers 1,16,64             concurrent writers (default 1,16,64)
          --batch 256,1                 Storage:MaxBatchSize values; 1 = no group commit (default 256,1)
          --seconds 3                   measured seconds per run, after a warm-up (default 3)
          --postgres "Host=...;..."     PostgreSQL server (default: env LEASEHOLD_BENCH_POSTGRES, then LEASEHOLD_TEST_POSTGRES)
        """;

    public static BenchSettings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }

            values[args[i][2..]] = args[i + 1];
        }

        var postgres = values.GetValueOrDefault("postgres")
            ?? Environment.GetEnvironmentVariable("LEASEHOLD_BENCH_POSTGRES")
            ?? Environment.GetEnvironmentVariable("LEASEHOLD_TEST_POSTGRES");
        var providers = values.TryGetValue("providers", out var p) ? List(p) : postgres is null ? ["sqlite"] : ["sqlite", "postgres"];
        return new BenchSettings(
            providers,
            Numbers(values.GetValueOrDefault("writers", "1,16,64")),
            Numbers(values.GetValueOrDefault("batch", "256,1")),
            TimeSpan.FromSeconds(double.Parse(values.GetValueOrDefault("seconds", "3"), CultureInfo.InvariantCulture)),
            postgres);
    }

    private static string[] List(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int[] Numbers(string text) => [.. List(text).Select(n => int.Parse(n, CultureInfo.InvariantCulture))];
}
