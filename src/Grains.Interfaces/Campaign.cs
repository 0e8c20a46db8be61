using Orleans;

namespace Leasehold.Grains;

/// <summary>A candidate's request to lead an election.</summary>
/// <param name="Candidate">Who asks: the holder of the election's lease once elected (1–200 printable characters).</param>
/// <param name="Value">What the candidate proclaims once it leads (null: nothing).</param>
/// <param name="Ttl">How long a term lasts unless renewed.</param>
/// <param name="Wait">How long to wait in line for the lead; zero answers at once.</param>
/// <param name="Owner">The principal asking (with authentication on); the candidate must belong to it. Null: no check.</param>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.Campaign")]
public sealed record Campaign(
    [property: Id(0)] string Candidate,
    [property: Id(1)] string? Value,
    [property: Id(2)] TimeSpan Ttl,
    [property: Id(3)] TimeSpan Wait,
    [property: Id(4)] string? Owner = null);
