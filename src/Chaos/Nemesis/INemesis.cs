namespace Leasehold.Chaos.Nemesis;

/// <summary>
/// The fault primitives a chaos run may use on a cluster's nodes. Two implementations: in-process over a
/// TestCluster's fault controllers (tests/Chaos.Tests), and over real processes with signals and the
/// <c>/v1/faults</c> admin routes (<see cref="Processes.ProcessNemesis"/>). Each call returns once the fault is in
/// force; <see cref="NemesisSchedule"/> decides which faults, when and for how long.
/// </summary>
public interface INemesis
{
    /// <summary>Whether node <paramref name="node"/> is running (it may also have stopped itself, fail-stop, after being voted dead).</summary>
    bool IsRunning(int node);

    /// <summary>Abrupt stop, as SIGKILL: no goodbye; the others find out by probing and voting.</summary>
    Task KillAsync(int node, CancellationToken cancellationToken);

    /// <summary>Graceful stop: the node says goodbye and hands its grains off.</summary>
    Task StopAsync(int node, CancellationToken cancellationToken);

    /// <summary>Starts a stopped node again (a new generation on the same address).</summary>
    Task StartAsync(int node, CancellationToken cancellationToken);

    /// <summary>Stops the world on the node (sockets stay open) until <see cref="ResumeAsync"/>, or at most <paramref name="duration"/>.</summary>
    Task PauseAsync(int node, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Ends a pause.</summary>
    Task ResumeAsync(int node, CancellationToken cancellationToken);

    /// <summary>Drops every silo message between <paramref name="a"/> and <paramref name="b"/>, both ways (the database stays reachable).</summary>
    Task PartitionAsync(int a, int b, CancellationToken cancellationToken);

    /// <summary>Drops every silo message between the node and all others.</summary>
    Task IsolateAsync(int node, CancellationToken cancellationToken);

    /// <summary>Delays every silo message from <paramref name="from"/> to <paramref name="to"/>.</summary>
    Task DelayAsync(int from, int to, TimeSpan delay, CancellationToken cancellationToken);

    /// <summary>Sets the node's wall clock <paramref name="offset"/> from true time, drifting <paramref name="driftPpm"/>; its monotonic clock is untouched. Zero and zero restore it.</summary>
    Task SkewClockAsync(int node, TimeSpan offset, double driftPpm, CancellationToken cancellationToken);

    /// <summary>Removes every partition and delay on every running node.</summary>
    Task HealAsync(CancellationToken cancellationToken);
}
