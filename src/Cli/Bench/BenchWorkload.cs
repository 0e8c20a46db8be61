namespace Leasehold.Cli.Bench;

/// <summary>What each client of <c>leasehold bench</c> does in its loop.</summary>
internal enum BenchWorkload
{
    /// <summary>Acquire a lease on the client's own resource, release it, again: one cycle is two durable writes.</summary>
    AcquireRelease,

    /// <summary>Hold one lease per client and renew it: one durable write per request.</summary>
    Renew,

    /// <summary>Hold one lease per client and write its own key with the lease's token: fenced, durable writes.</summary>
    Write,

    /// <summary>Per client, at random: 50 % writes, 25 % renewals, 12.5 % reads of the lease, 12.5 % release and re-acquire.</summary>
    Mix,

    /// <summary>Acquire <c>--leases</c> leases on distinct resources with a long TTL and keep them: resident memory.</summary>
    Hold,

    /// <summary>
    /// Hold one lease per client and read it (<c>GET /v1/leases/{resource}</c>): one grain call, nothing written. Against
    /// <see cref="Ping"/> it shows what a grain call adds; against <see cref="Write"/>, what a durable write adds.
    /// </summary>
    Read,

    /// <summary>
    /// <c>GET /health/live</c>: the service's HTTP floor on this machine (the same server, middleware and connections; no grain
    /// call, no storage), the reference the other workloads' figures are divided by in <c>docs/performance.md</c>.
    /// </summary>
    Ping,
}

/// <summary>The command-line names of the workloads.</summary>
internal static class BenchWorkloads
{
    public static readonly IReadOnlyList<(string Name, BenchWorkload Workload)> All =
    [
        ("acquire-release", BenchWorkload.AcquireRelease),
        ("renew", BenchWorkload.Renew),
        ("write", BenchWorkload.Write),
        ("mix", BenchWorkload.Mix),
        ("hold", BenchWorkload.Hold),
        ("read", BenchWorkload.Read),
        ("ping", BenchWorkload.Ping),
    ];

    public static string NameOf(BenchWorkload workload) => All.First(w => w.Workload == workload).Name;

    public static bool TryParse(string text, out BenchWorkload workload)
    {
        foreach (var (name, value) in All)
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                workload = value;
                return true;
            }
        }

        workload = default;
        return false;
    }

    /// <summary>What one unit of throughput is for <paramref name="workload"/>.</summary>
    public static string UnitOf(BenchWorkload workload) => workload switch
    {
        BenchWorkload.AcquireRelease => "cycles",
        BenchWorkload.Renew => "renewals",
        BenchWorkload.Write => "writes",
        BenchWorkload.Hold => "leases",
        BenchWorkload.Read => "reads",
        BenchWorkload.Ping => "requests",
        _ => "operations",
    };
}
