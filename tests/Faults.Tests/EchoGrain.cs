using Orleans.Placement;
using Orleans.Runtime;

namespace Leasehold.Faults.Tests;

/// <summary>Placed on the silo that first calls it, so a test chooses where each grain lives.</summary>
[PreferLocalPlacement]
internal sealed class EchoGrain(ILocalSiloDetails silo) : Grain, IEchoGrain
{
    private int _notes;

    public Task<SiloAddress> Where() => Task.FromResult(silo.SiloAddress);

    public Task Note()
    {
        _notes++;
        return Task.CompletedTask;
    }

    public Task<int> Notes() => Task.FromResult(_notes);
}
