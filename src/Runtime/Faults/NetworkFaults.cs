using System.Collections.Concurrent;
using System.Net;

namespace Leasehold.Runtime.Faults;

/// <summary>
/// What happens to this silo's frames on their way to other silos: dropped (a partition, one-way unless the other
/// side drops too) or delayed. Rules name the destination's silo endpoint, so they also hold for its next generation.
/// Applied where a frame is sent, and to new connections (a dropped destination cannot be connected to).
/// </summary>
public sealed class NetworkFaults
{
    private readonly ConcurrentDictionary<IPEndPoint, NetworkRule> _rules = new();

    // Kept beside the rules because ConcurrentDictionary.IsEmpty takes every lock when it is empty, and this is read
    // before every frame a silo sends; rules change only when a fault is injected or healed.
    private volatile bool _isEmpty = true;
    private readonly Lock _changing = new();

    /// <summary>The rules now in force, by destination.</summary>
    public IReadOnlyDictionary<IPEndPoint, NetworkRule> Rules => _rules;

    /// <summary>True when no rule is in force: the common case, checked before every frame is sent.</summary>
    public bool IsEmpty => _isEmpty;

    /// <summary>The rule for frames to <paramref name="destination"/>, or null.</summary>
    public NetworkRule? RuleFor(IPEndPoint destination) => _rules.TryGetValue(destination, out var rule) ? rule : null;

    internal void Set(IPEndPoint destination, NetworkRule rule)
    {
        lock (_changing)
        {
            _rules[destination] = rule;
            _isEmpty = false;
        }
    }

    internal void Clear(IPEndPoint? destination = null)
    {
        lock (_changing)
        {
            if (destination is null)
            {
                _rules.Clear();
            }
            else
            {
                _rules.TryRemove(destination, out _);
            }

            _isEmpty = _rules.IsEmpty;
        }
    }
}

/// <summary>Drop every frame to a destination, or deliver each after <see cref="Delay"/>.</summary>
public sealed record NetworkRule(bool Drop, TimeSpan Delay)
{
    public static NetworkRule Dropping { get; } = new(true, TimeSpan.Zero);

    public static NetworkRule Delaying(TimeSpan delay) => new(false, delay);
}
