namespace Leasehold.Grains.Leases;

/// <summary>
/// How many waiters of one line each principal has (with authentication on): none may take more than its share of
/// <c>Leases:MaxWaiters</c>, so one principal cannot fill a line and turn every other principal away. Lives on one
/// activation and is touched only between its awaits.
/// </summary>
internal sealed class WaiterShares(LeaseOptions options)
{
    private readonly Dictionary<string, int> _byOwner = new(StringComparer.Ordinal);

    /// <summary>Most waiters one principal may have in the line: its share of <c>Leases:MaxWaiters</c>, at least one.</summary>
    private int MaxPerOwner => Math.Max(1, (int)(options.MaxWaiters * options.MaxWaiterShare));

    /// <summary>How many waiters <paramref name="owner"/> has if it already has its whole share; null if it may join (or is no principal).</summary>
    public int? FullShareOf(string? owner) =>
        owner is not null && _byOwner.GetValueOrDefault(owner) is var count && count >= MaxPerOwner ? count : null;

    /// <summary>Counts a waiter of <paramref name="owner"/> that joined the line.</summary>
    public void Join(string? owner)
    {
        if (owner is not null)
        {
            _byOwner[owner] = _byOwner.GetValueOrDefault(owner) + 1;
        }
    }

    /// <summary>Counts off a waiter of <paramref name="owner"/> that left the line.</summary>
    public void Leave(string? owner)
    {
        if (owner is not null && _byOwner.TryGetValue(owner, out var count))
        {
            if (count <= 1)
            {
                _byOwner.Remove(owner);
            }
            else
            {
                _byOwner[owner] = count - 1;
            }
        }
    }
}
