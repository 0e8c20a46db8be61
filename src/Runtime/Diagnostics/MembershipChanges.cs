using Leasehold.Runtime.Membership;

namespace Leasehold.Runtime.Diagnostics;

/// <summary>What changed between two membership views, silo by silo.</summary>
internal static class MembershipChanges
{
    /// <summary>Each silo whose status differs (null before: first seen in <paramref name="view"/>).</summary>
    public static IEnumerable<(SiloAddress Silo, SiloStatus? From, SiloStatus To)> Between(MembershipSnapshot? previous, MembershipSnapshot view)
    {
        var before = previous?.Silos.ToDictionary(s => s.Address, s => s.Status) ?? [];
        foreach (var silo in view.Silos)
        {
            SiloStatus? from = before.TryGetValue(silo.Address, out var status) ? status : null;
            if (from != silo.Status)
            {
                yield return (silo.Address, from, silo.Status);
            }
        }
    }
}
