using System.Net;
using Leasehold.Runtime.Hosting;
using Microsoft.Extensions.Options;

namespace Leasehold.Runtime.Membership;

/// <summary>
/// The membership of a one-silo cluster: this silo is the whole view. The silo's lifecycle moves it
/// Joining → Active → ShuttingDown → Dead, and each move is a new version.
/// </summary>
internal sealed class SingleSiloMembership : IMembershipView
{
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _startedAt;
    private readonly Lock _lock = new();
    private MembershipSnapshot _current;

    public SingleSiloMembership(IOptions<ClusterOptions> options, TimeProvider time)
    {
        _time = time;
        _startedAt = time.GetUtcNow();
        var cluster = options.Value;
        LocalSilo = new SiloAddress(new IPEndPoint(IPAddress.Parse(cluster.SiloAddress), cluster.SiloPort), _startedAt.ToUnixTimeMilliseconds());
        _current = new MembershipSnapshot(1, [new SiloEntry(LocalSilo, SiloStatus.Joining, _startedAt, _startedAt)]);
    }

    public SiloAddress LocalSilo { get; }

    public MembershipSnapshot Current
    {
        get
        {
            lock (_lock)
            {
                // One silo is alive as long as it can answer; its heartbeat is now.
                var entry = _current.Silos[0] with { IAmAliveAtUtc = _time.GetUtcNow() };
                return _current with { Silos = [entry] };
            }
        }
    }

    public void SetStatus(SiloStatus status)
    {
        lock (_lock)
        {
            _current = new MembershipSnapshot(_current.Version + 1, [_current.Silos[0] with { Status = status }]);
        }
    }
}
