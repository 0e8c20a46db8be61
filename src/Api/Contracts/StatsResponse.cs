namespace Leasehold.Api.Contracts;

/// <summary>The answering silo's traffic: rates per second over the last <paramref name="WindowSeconds"/> seconds, totals since it started, recent rejected writes.</summary>
/// <param name="Silo">The silo that answered.</param>
/// <param name="WindowSeconds">The rates are means over this many seconds.</param>
/// <param name="RequestsPerSecond">HTTP requests served by this silo.</param>
/// <param name="GrantsPerSecond">Leases granted by lease grains on this silo.</param>
/// <param name="RejectionsPerSecond">Fenced writes refused by object shards on this silo.</param>
/// <param name="Requests">HTTP requests since start.</param>
/// <param name="Grants">Leases granted since start.</param>
/// <param name="Rejections">Writes refused since start.</param>
/// <param name="RejectedWrites">The most recent refusals on this silo (at most 50), newest first.</param>
public sealed record StatsResponse(
    string Silo,
    int WindowSeconds,
    double RequestsPerSecond,
    double GrantsPerSecond,
    double RejectionsPerSecond,
    long Requests,
    long Grants,
    long Rejections,
    IReadOnlyList<RejectedWriteResponse> RejectedWrites);
