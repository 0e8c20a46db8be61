namespace Leasehold.Runtime.Membership;

/// <summary>
/// A prober resolved at its first probe. The real prober talks over the silo connections, which announce the
/// membership version of this silo's view — so it depends on the membership service that depends on it.
/// </summary>
internal sealed class DeferredSiloProber(Func<ISiloProber> resolve) : ISiloProber
{
    private readonly Lazy<ISiloProber> _prober = new(resolve);

    public Task<bool> ProbeAsync(SiloAddress silo, TimeSpan timeout, CancellationToken cancellationToken) =>
        _prober.Value.ProbeAsync(silo, timeout, cancellationToken);
}
