namespace Leasehold.Runtime.Membership;

/// <summary>Asks another silo whether it is alive (a ping over the silo-to-silo connection).</summary>
public interface ISiloProber
{
    /// <summary>True if <paramref name="silo"/> answered within <paramref name="timeout"/>. Never throws for a silo that is down.</summary>
    Task<bool> ProbeAsync(SiloAddress silo, TimeSpan timeout, CancellationToken cancellationToken);
}
