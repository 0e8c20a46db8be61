using Microsoft.Extensions.Options;

namespace Leasehold.Api.Watches;

/// <summary>Counts this process's open watches against <c>Watches:MaxWatches</c>, leases and objects together.</summary>
internal sealed class WatchLimit(IOptions<WatchOptions> options)
{
    private int _open;

    /// <summary>How many watches are open now.</summary>
    public int Open => Volatile.Read(ref _open);

    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _open) <= options.Value.MaxWatches)
        {
            return true;
        }

        Interlocked.Decrement(ref _open);
        return false;
    }

    public void Leave() => Interlocked.Decrement(ref _open);
}
