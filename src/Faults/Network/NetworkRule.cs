namespace Leasehold.Faults;

/// <summary>
/// What happens to the bytes this silo sends to one other silo: held back while the rule is in force (a partition,
/// one-way unless the other side holds its bytes too), or each flush delivered <see cref="Delay"/> late. Either way a
/// frame is never cut or corrupted: the transport only waits before it hands a whole flush on.
/// </summary>
public sealed record NetworkRule(bool Drop, TimeSpan Delay)
{
    /// <summary>Nothing this silo sends to the destination leaves it while the rule is in force.</summary>
    public static NetworkRule Dropping { get; } = new(true, TimeSpan.Zero);

    /// <summary>Every flush of bytes to the destination waits <paramref name="delay"/> first.</summary>
    public static NetworkRule Delaying(TimeSpan delay) => new(false, delay);
}
