using Leasehold.Client;

namespace Leasehold.Cli.Output;

/// <summary>A lease as the command line prints it, lease id and token included (the caller needs them).</summary>
internal sealed record LeaseOutput(string Resource, string Holder, string LeaseId, long Fence, string Token, long TtlMs, DateTimeOffset ExpiresAtUtc, LeaseMode Mode)
{
    public static LeaseOutput From(Lease lease) =>
        new(lease.Resource, lease.Holder, lease.LeaseId, lease.Fence, lease.Token, (long)lease.Ttl.TotalMilliseconds, lease.ExpiresAtUtc, lease.Mode);
}
