namespace Leasehold.Runtime.Membership;

/// <summary>The silos as one silo sees them, at one membership version. Versions only grow.</summary>
public sealed record MembershipSnapshot(long Version, IReadOnlyList<SiloEntry> Silos)
{
    private SiloAddress[]? _active;

    /// <summary>The Active silos, the candidates of placement; computed once per snapshot, since every call routes by it.</summary>
    public IReadOnlyList<SiloAddress> ActiveSilos =>
        _active ??= [.. Silos.Where(s => s.Status == SiloStatus.Active).Select(s => s.Address)];
}
