using System.Collections.Concurrent;
using Leasehold.Runtime.Invocation;
using Leasehold.Runtime.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Leasehold.Runtime.Activation;

/// <summary>
/// The activations of this silo by grain id (Orleans calls it the catalog). A call for a grain with no
/// activation creates one; a call that meets an activation on its way out waits for it to finish and
/// goes to its successor, so a silo never runs two activations of one grain.
/// </summary>
internal sealed class ActivationDirectory(
    IServiceProvider services,
    GrainTypeRegistry registry,
    TimeProvider time,
    ILoggerFactory loggerFactory)
{
    private const int MaxDeliveryAttempts = 8;

    /// <summary>The silo's pause gate: while paused, no turn starts.</summary>
    internal Faults.SiloPause Pause { get; } = services.GetService(typeof(Faults.SiloPause)) as Faults.SiloPause ?? new Faults.SiloPause();

    private readonly ConcurrentDictionary<GrainId, Activation> _activations = new();
    private readonly ConcurrentDictionary<Type, ObjectFactory> _factories = new();
    private readonly ILogger _logger = loggerFactory.CreateLogger("Leasehold.Runtime.Activation");
    private string? _siloName;

    public IServiceProvider Services => services;

    public TimeProvider Time => time;

    /// <summary>This silo's address, for telemetry; null in a host without membership.</summary>
    internal string? SiloName => _siloName ??= (services.GetService(typeof(Membership.IMembershipView)) as Membership.IMembershipView)?.LocalSilo.ToString();

    public IGrainFactory GrainFactory => services.GetRequiredService<IGrainFactory>();

    /// <summary>Raised when an activation starts serving; for telemetry and tests.</summary>
    public event Action<GrainId>? Activated;

    /// <summary>Raised when an activation is gone; for telemetry and tests.</summary>
    public event Action<GrainId, DeactivationReason>? Deactivated;

    public int Count => _activations.Count;

    public IEnumerable<Activation> All => _activations.Values;

    public bool TryGet(GrainId grainId, out Activation activation) => _activations.TryGetValue(grainId, out activation!);

    /// <summary>Delivers a call to the grain's activation on this silo, creating it if needed.</summary>
    public Task<object?> DeliverAsync(Message message)
    {
        // Almost always the activation takes the call at once, and the caller waits on the call's own task.
        var activation = GetOrCreate(message.Target);
        var response = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        return activation.TryEnqueue(new RequestWorkItem(message, response))
            ? response.Task
            : DeliverAfterDeactivationAsync(message, activation);
    }

    /// <summary>The activation found was on its way out: wait until it is gone, then deliver to its successor.</summary>
    private async Task<object?> DeliverAfterDeactivationAsync(Message message, Activation leaving)
    {
        await leaving.Deactivated.ConfigureAwait(false);
        for (var attempt = 1; attempt < MaxDeliveryAttempts; attempt++)
        {
            var activation = GetOrCreate(message.Target);
            var response = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (activation.TryEnqueue(new RequestWorkItem(message, response)))
            {
                return await response.Task.ConfigureAwait(false);
            }

            await activation.Deactivated.ConfigureAwait(false);
        }

        throw new ActivationUnavailableException(message.Target);
    }

    /// <summary>Deactivates every activation (graceful silo stop) and waits for them, up to <paramref name="timeout"/>.</summary>
    public async Task DeactivateAllAsync(DeactivationReason reason, TimeSpan timeout)
    {
        var pending = new List<Task>();
        foreach (var activation in _activations.Values)
        {
            activation.TryDeactivate(reason);
            pending.Add(activation.Deactivated);
        }

        try
        {
            await Task.WhenAll(pending).WaitAsync(timeout, time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A grain stuck in a turn must not hold the silo hostage; its state is durable anyway.
        }
    }

    /// <summary>Forgets every activation without running its deactivate turn, as a crash would; queued calls fail.</summary>
    public void DropAll()
    {
        foreach (var activation in _activations.Values)
        {
            activation.Drop();
        }
    }

    /// <summary>Deactivates activations idle since before <paramref name="age"/> ago; returns how many.</summary>
    public int CollectIdle(TimeSpan age)
    {
        var cutoff = time.GetTimestamp() - (long)(age.TotalSeconds * time.TimestampFrequency);
        var collected = 0;
        foreach (var activation in _activations.Values)
        {
            if (activation.TryDeactivate(DeactivationReason.IdleCollection, cutoff))
            {
                collected++;
            }
        }

        return collected;
    }

    internal void Remove(Activation activation) => _activations.TryRemove(new KeyValuePair<GrainId, Activation>(activation.GrainId, activation));

    internal void OnActivated(Activation activation) => Activated?.Invoke(activation.GrainId);

    internal void OnDeactivated(Activation activation, DeactivationReason reason) => Deactivated?.Invoke(activation.GrainId, reason);

    private Activation GetOrCreate(GrainId grainId) =>
        _activations.TryGetValue(grainId, out var existing)
            ? existing
            : _activations.GetOrAdd(grainId, id => new Activation(id, FactoryFor(id), this, _logger));

    private ObjectFactory FactoryFor(GrainId grainId)
    {
        var (_, implementation) = registry.Resolve(grainId.Type);
        return _factories.GetOrAdd(implementation, static type => ActivatorUtilities.CreateFactory(type, Type.EmptyTypes));
    }
}
