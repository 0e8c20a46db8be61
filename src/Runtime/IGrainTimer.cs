namespace Leasehold.Runtime;

/// <summary>A timer owned by an activation; see <see cref="Grain"/>.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Reschedules the timer. <see cref="Timeout.InfiniteTimeSpan"/> disables a due time or a period.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}
