namespace Leasehold.Grains;

/// <summary>
/// How a lease is held (Chubby's two modes of one lock): by one exclusive holder, or by many shared holders at once.
/// Only an exclusive holder's token can write to the fenced store.
/// </summary>
public enum LeaseMode
{
    /// <summary>One holder at a time: a writer. Every exclusive grant advances the fence.</summary>
    Exclusive,

    /// <summary>
    /// Many holders at once, while no exclusive holder holds it: readers. The first shared grant of a shared epoch (the lock
    /// was free or exclusively held before) advances the fence; later shared holders of the same epoch get that fence.
    /// A shared token cannot write.
    /// </summary>
    Shared,
}
