using System.Collections.Concurrent;
using Leasehold.Runtime.Membership;

namespace Leasehold.Runtime.Tests.Membership;

/// <summary>One silo's prober, whose answer per target the test sets; every silo answers until told otherwise.</summary>
internal sealed class FakeSiloProber : ISiloProber
{
    private readonly ConcurrentDictionary<SiloAddress, Func<bool>> _answers = new();
    private readonly ConcurrentDictionary<SiloAddress, int> _probes = new();

    /// <summary>From now on <paramref name="silo"/> does not answer this prober (a crash or a partition, as seen from here).</summary>
    public void Silence(SiloAddress silo) => _answers[silo] = () => false;

    /// <summary>From now on <paramref name="silo"/> answers as <paramref name="answer"/> says, probe by probe.</summary>
    public void Script(SiloAddress silo, Func<bool> answer) => _answers[silo] = answer;

    /// <summary>How many times <paramref name="silo"/> was probed.</summary>
    public int ProbesOf(SiloAddress silo) => _probes.GetValueOrDefault(silo);

    public Task<bool> ProbeAsync(SiloAddress silo, TimeSpan timeout, CancellationToken cancellationToken)
    {
        _probes.AddOrUpdate(silo, 1, (_, n) => n + 1);
        return Task.FromResult(!_answers.TryGetValue(silo, out var answer) || answer());
    }
}
