using Orleans.Storage;

namespace Leasehold.Hosting;

/// <summary>Options of one named Leasehold grain storage (<c>AddLeaseholdGrainStorage</c>).</summary>
public sealed class LeaseholdGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>
    /// How state is written. Default: Orleans' own serializer (<see cref="OrleansGrainStorageSerializer"/>), so state types
    /// are <c>[GenerateSerializer]</c> records with <c>[Id]</c> members and version-tolerant like every Orleans message.
    /// </summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
