namespace Leasehold.Runtime;

/// <summary>
/// Base class of grain implementations. The runtime creates one activation per grain id (per silo),
/// delivers its calls one turn at a time on the activation's own scheduler, and collects it when idle.
/// Dependencies come through the constructor.
/// </summary>
public abstract class Grain
{
    private IGrainContext? _context;

    internal void Attach(IGrainContext context) => _context = context;

    private IGrainContext Context =>
        _context ?? throw new InvalidOperationException("This grain is not attached to an activation; grains are created by the runtime.");

    /// <summary>The identity of this grain.</summary>
    protected GrainId GrainId => Context.GrainId;

    /// <summary>The string key of this grain.</summary>
    protected string GetPrimaryKeyString() => Context.GrainId.Key;

    /// <summary>References to other grains (and to this one, through the runtime).</summary>
    protected IGrainFactory GrainFactory => Context.GrainFactory;

    /// <summary>Called once, as the first turn of a new activation. A failure fails the calls that caused it.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called once, as the last turn of an activation. Not called when the silo dies abruptly.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Registers a timer whose callback runs as a turn of this activation (never concurrently with a call).
    /// Ticks do not keep the activation alive; the timer is disposed when the activation is deactivated.
    /// </summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        Context.RegisterTimer(callback, dueTime, period);

    /// <summary>Deactivate this activation once the current turn and any queued calls are done.</summary>
    protected void DeactivateOnIdle() => Context.DeactivateOnIdle();

    /// <summary>Keep this activation from idle collection for at least <paramref name="period"/>.</summary>
    protected void DelayDeactivation(TimeSpan period) => Context.DelayDeactivation(period);

    /// <summary>
    /// Runs <paramref name="work"/> as a turn of its own, queued behind the calls already waiting.
    /// An <see cref="AlwaysInterleaveAttribute"/> method uses it to mutate state exclusively while it
    /// spends its waiting time outside of any turn.
    /// </summary>
    protected Task<T> RunTurnAsync<T>(Func<Task<T>> work) => Context.RunTurnAsync(work);
}
