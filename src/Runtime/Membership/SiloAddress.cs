using System.Net;

namespace Leasehold.Runtime.Membership;

/// <summary>A silo incarnation: where it listens and which start of the process it is. A restarted silo is a new generation.</summary>
public readonly record struct SiloAddress(IPEndPoint Endpoint, long Generation)
{
    public override string ToString() => $"{Endpoint}@{Generation}";
}
