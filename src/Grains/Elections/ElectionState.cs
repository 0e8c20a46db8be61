using Orleans;

namespace Leasehold.Grains.Elections;

/// <summary>
/// What an election grain keeps durable: the value proclaimed in the term of <see cref="Fence"/>, and how many values
/// were ever proclaimed. Leadership itself is the lease's state, not this: a value counts only while the lease's current
/// fence is <see cref="Fence"/> and the lease is held, so a value left over from an ended term is never shown.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.ElectionState")]
internal sealed record ElectionState(
    [property: Id(0)] long Fence,
    [property: Id(1)] string? Value,
    [property: Id(2)] long Revision)
{
    public static ElectionState Initial() => new(0, null, 0);
}
