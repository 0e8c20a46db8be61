using System.Collections.Concurrent;

namespace Leasehold.Runtime.Tests.TestGrains;

/// <summary>
/// What the test grains report to the test, and the gates the test uses to hold them: a singleton of
/// the silo, so it outlives activations. Gates and events are named by strings the test chooses.
/// </summary>
public sealed class GrainProbe
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new();
    private readonly ConcurrentDictionary<string, int> _counters = new();
    private readonly ConcurrentDictionary<string, bool> _flags = new();
    private readonly Lock _lock = new();
    private readonly List<(string Key, string Event)> _events = [];

    /// <summary>Completes when the test opens <paramref name="name"/>.</summary>
    public Task Gate(string name) => GateSource(name).Task;

    public void Open(string name) => GateSource(name).TrySetResult();

    public void OpenAll()
    {
        foreach (var gate in _gates.Values)
        {
            gate.TrySetResult();
        }
    }

    public void Record(string key, string @event)
    {
        lock (_lock)
        {
            _events.Add((key, @event));
        }
    }

    /// <summary>The events of <paramref name="key"/>, in the order they were recorded.</summary>
    public IReadOnlyList<string> EventsOf(string key)
    {
        lock (_lock)
        {
            return [.. _events.Where(e => e.Key == key).Select(e => e.Event)];
        }
    }

    public int Increment(string counter) => _counters.AddOrUpdate(counter, 1, static (_, value) => value + 1);

    public int Count(string counter) => _counters.GetValueOrDefault(counter);

    public void Set(string flag) => _flags[flag] = true;

    public bool IsSet(string flag) => _flags.ContainsKey(flag);

    /// <summary>True once per <see cref="Set"/>: the flag is cleared as it is taken.</summary>
    public bool Take(string flag) => _flags.TryRemove(flag, out _);

    private TaskCompletionSource GateSource(string name) =>
        _gates.GetOrAdd(name, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
