using Orleans;

namespace Leasehold.Grains;

/// <summary>A request to start a session.</summary>
/// <param name="Holder">Who holds the session's leases: 1–200 printable characters.</param>
/// <param name="Ttl">How long the session (and each of its leases) lasts unless kept alive.</param>
/// <param name="Owner">The principal asking (with authentication on): the holder must belong to it. Null: no principal, no check.</param>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.OpenSession")]
public sealed record OpenSession([property: Id(0)] string Holder, [property: Id(1)] TimeSpan Ttl, [property: Id(2)] string? Owner = null);
