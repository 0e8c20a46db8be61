namespace Leasehold.Diagnostics;

/// <summary>The most recent writes refused by the object shards on this silo (at most <see cref="Capacity"/>), newest first.</summary>
public sealed class RejectedWrites
{
    /// <summary>How many refusals are kept.</summary>
    public const int Capacity = 50;

    private readonly LinkedList<RejectedWrite> _recent = new();
    private readonly Lock _lock = new();

    internal void Add(RejectedWrite write)
    {
        lock (_lock)
        {
            _recent.AddFirst(write);
            if (_recent.Count > Capacity)
            {
                _recent.RemoveLast();
            }
        }
    }

    /// <summary>The kept refusals, newest first.</summary>
    public IReadOnlyList<RejectedWrite> List()
    {
        lock (_lock)
        {
            return [.. _recent];
        }
    }
}
