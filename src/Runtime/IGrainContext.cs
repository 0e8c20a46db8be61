namespace Leasehold.Runtime;

/// <summary>What a grain sees of its activation.</summary>
internal interface IGrainContext
{
    GrainId GrainId { get; }

    IGrainFactory GrainFactory { get; }

    IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period);

    void DeactivateOnIdle();

    void DelayDeactivation(TimeSpan period);

    Task<T> RunTurnAsync<T>(Func<Task<T>> work);
}
