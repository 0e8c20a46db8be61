using Orleans;

namespace Leasehold.Grains;

/// <summary>A lease held by a lease grain on the reporting silo: no lease id, no token.</summary>
/// <param name="Resource">The resource.</param>
/// <param name="Holder">Who holds it.</param>
/// <param name="Fence">Its fence.</param>
/// <param name="ExpiresAtUtc">Expiry by the reporting silo's wall clock (for display; a skewed clock shows here).</param>
/// <param name="Remaining">Time left by the reporting silo's monotonic clock when it answered.</param>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.ReportedLease")]
public sealed record ReportedLease([property: Id(0)] string Resource, [property: Id(1)] string Holder, [property: Id(2)] long Fence, [property: Id(3)] DateTimeOffset ExpiresAtUtc, [property: Id(4)] TimeSpan Remaining);
