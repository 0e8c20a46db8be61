using Leasehold.Grains;
using Leasehold.Runtime.Hosting;
using Leasehold.Storage.Postgres;
using Leasehold.Storage.Sqlite;
using Leasehold.Storage;
using Leasehold.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Leasehold.Hosting;

/// <summary>Turns a .NET host into a Leasehold silo, configured the same way in every host.</summary>
public static class LeaseholdHostBuilderExtensions
{
    /// <summary>The shared defaults file, copied beside every host's binaries from the repository's <c>appsettings.json</c>.</summary>
    public const string DefaultsFileName = "leasehold.defaults.json";

    /// <summary>
    /// Adds the silo: the shared defaults (lowest precedence, under the host's own appsettings, environment
    /// and command line), the storage provider named by <c>Storage:Provider</c>, the runtime, the grains and the
    /// telemetry (exporters from <c>Telemetry</c> and the OTEL_ variables).
    /// </summary>
    public static IHostApplicationBuilder AddLeaseholdSilo(this IHostApplicationBuilder builder)
    {
        var defaults = Path.Combine(AppContext.BaseDirectory, DefaultsFileName);
        if (File.Exists(defaults))
        {
            builder.Configuration.Sources.Insert(0, new ConfigurationBuilder().AddJsonFile(defaults, optional: true).Sources[0]);
        }

        var configuration = builder.Configuration;
        var storage = configuration.GetSection(StorageOptions.Section);
        builder.Services.AddOptions<StorageOptions>().Bind(storage).ValidateDataAnnotations().ValidateOnStart();
        var provider = storage[nameof(StorageOptions.Provider)] ?? "Sqlite";
        switch (provider.ToUpperInvariant())
        {
            case "SQLITE":
                builder.Services.AddSqliteStorage();
                break;
            case "POSTGRES":
                builder.Services.AddPostgresStorage();
                break;
            default:
                throw new OptionsValidationException(StorageOptions.Section, typeof(StorageOptions),
                    [$"Storage:Provider '{provider}' is not a storage provider; use Sqlite or Postgres."]);
        }

        builder.AddLeaseholdTelemetry();
        builder.Services.AddLeaseholdSilo(configuration);
        builder.Services.AddLeaseholdGrains(configuration);
        return builder;
    }
}
