using Leasehold.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Leasehold.Hosting;

/// <summary>Reads <c>Storage</c> for the Orleans providers: binds <see cref="StorageOptions"/> (validated at start) and names the provider.</summary>
internal static class LeaseholdStorageConfiguration
{
    public static LeaseholdStorageProvider Bind(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var storage = configuration.GetSection(StorageOptions.Section);
        services.AddOptions<StorageOptions>().Bind(storage).ValidateDataAnnotations().ValidateOnStart();
        var provider = storage[nameof(StorageOptions.Provider)] ?? "Sqlite";
        return provider.ToUpperInvariant() switch
        {
            "SQLITE" => LeaseholdStorageProvider.Sqlite,
            "POSTGRES" => LeaseholdStorageProvider.Postgres,
            _ => throw new OptionsValidationException(StorageOptions.Section, typeof(StorageOptions),
                [$"Storage:Provider '{provider}' is not a storage provider; use Sqlite or Postgres."]),
        };
    }
}
