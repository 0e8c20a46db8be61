namespace Leasehold.Chaos.Recording;

/// <summary>
/// The record of a run: every operation of every client, every fault of the nemesis and every event and connection of the
/// watchers, on one monotonic clock (<see cref="TimeProvider.GetTimestamp"/>) that starts with the history. Thread-safe; operations are
/// kept in completion order and carry their invocation order in <see cref="Operation.Id"/>.
/// </summary>
public sealed class History
{
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly List<Operation> _operations = [];
    private readonly List<FaultEvent> _faults = [];
    private readonly List<WatchEvent> _watchEvents = [];
    private readonly List<WatchConnection> _watchConnections = [];
    private long _nextOperation;
    private long _nextFault;
    private long _ok;
    private long _fail;
    private long _unknown;

    public History(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _start = _time.GetTimestamp();
    }

    /// <summary>Milliseconds since the history began, on the monotonic clock.</summary>
    public double NowMs => _time.GetElapsedTime(_start).TotalMilliseconds;

    /// <summary>Completed operations, in completion order.</summary>
    public IReadOnlyList<Operation> Operations
    {
        get
        {
            lock (_operations)
            {
                return [.. _operations];
            }
        }
    }

    /// <summary>Faults injected, in order.</summary>
    public IReadOnlyList<FaultEvent> Faults
    {
        get
        {
            lock (_faults)
            {
                return [.. _faults];
            }
        }
    }

    /// <summary>Every event the watchers received, in the order each watcher received them.</summary>
    public IReadOnlyList<WatchEvent> WatchEvents
    {
        get
        {
            lock (_watchEvents)
            {
                return [.. _watchEvents];
            }
        }
    }

    /// <summary>Every connection of every watcher, in the order they ended.</summary>
    public IReadOnlyList<WatchConnection> WatchConnections
    {
        get
        {
            lock (_watchConnections)
            {
                return [.. _watchConnections];
            }
        }
    }

    /// <summary>Operations completed so far, by outcome (for the progress line).</summary>
    public (long Ok, long Fail, long Unknown) Counts => (Interlocked.Read(ref _ok), Interlocked.Read(ref _fail), Interlocked.Read(ref _unknown));

    /// <summary>Takes the next operation id and the invocation time: call just before sending.</summary>
    public (long Id, double InvokedMs) Invoke() => (Interlocked.Increment(ref _nextOperation), NowMs);

    /// <summary>Adds a completed operation.</summary>
    public void Complete(Operation operation)
    {
        lock (_operations)
        {
            _operations.Add(operation);
        }

        switch (operation.Outcome)
        {
            case OperationOutcome.Ok:
                Interlocked.Increment(ref _ok);
                break;
            case OperationOutcome.Fail:
                Interlocked.Increment(ref _fail);
                break;
            default:
                Interlocked.Increment(ref _unknown);
                break;
        }
    }

    /// <summary>Records the start of a fault; returns its id for <see cref="EndFault"/>.</summary>
    public long BeginFault(string kind, string description)
    {
        lock (_faults)
        {
            var id = ++_nextFault;
            _faults.Add(new FaultEvent(id, kind, description, NowMs, null));
            return id;
        }
    }

    /// <summary>Records that fault <paramref name="id"/> was undone.</summary>
    public void EndFault(long id)
    {
        lock (_faults)
        {
            var index = _faults.FindIndex(f => f.Id == id);
            if (index >= 0 && _faults[index].EndedMs is null)
            {
                _faults[index] = _faults[index] with { EndedMs = NowMs };
            }
        }
    }

    /// <summary>Adds an event a watcher received.</summary>
    public void Received(WatchEvent watchEvent)
    {
        lock (_watchEvents)
        {
            _watchEvents.Add(watchEvent);
        }
    }

    /// <summary>Adds a watcher's connection once it ended.</summary>
    public void Ended(WatchConnection connection)
    {
        lock (_watchConnections)
        {
            _watchConnections.Add(connection);
        }
    }
}
