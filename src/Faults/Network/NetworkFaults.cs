using System.Collections.Concurrent;
using System.Net;

namespace Leasehold.Faults;

/// <summary>
/// This silo's network rules, by the destination silo's endpoint (so a rule also holds for that silo's next
/// generation on the same port). Read by <see cref="FaultConnectionMiddleware"/> before every read and flush, so a
/// rule applies to connections already open as well as to new ones. A change wakes every transport waiting on a rule.
/// </summary>
public sealed class NetworkFaults
{
    private readonly ConcurrentDictionary<IPEndPoint, NetworkRule> _rules = new();
    private readonly Lock _changing = new();

    // Read before every flush a silo makes; ConcurrentDictionary.IsEmpty takes every lock when it is empty.
    private volatile bool _isEmpty = true;
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>The rules now in force, by destination.</summary>
    public IReadOnlyDictionary<IPEndPoint, NetworkRule> Rules => _rules;

    /// <summary>True when no rule is in force: the common case.</summary>
    public bool IsEmpty => _isEmpty;

    /// <summary>The rule for bytes to <paramref name="destination"/>, or null.</summary>
    public NetworkRule? RuleFor(IPEndPoint? destination) =>
        destination is null || _isEmpty ? null : _rules.TryGetValue(destination, out var rule) ? rule : null;

    /// <summary>Completes the next time a rule is set or cleared.</summary>
    internal Task Changed => Volatile.Read(ref _changed).Task;

    internal void Set(IPEndPoint destination, NetworkRule rule)
    {
        lock (_changing)
        {
            _rules[destination] = rule;
            _isEmpty = false;
            Signal();
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
            Signal();
        }
    }

    private void Signal() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
