using System.Threading.Channels;

namespace Leasehold.Api.Watches;

/// <summary>
/// One watcher's bounded mailbox: it holds at most one ring, so a watcher that does not keep up costs no memory however
/// often its lease changes — it reads what it missed from the grain's retained history, or is told to reset.
/// </summary>
internal sealed class Doorbell
{
    private readonly Channel<bool> _rings = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    /// <summary>Something changed; never blocks.</summary>
    public void Ring() => _rings.Writer.TryWrite(true);

    /// <summary>Waits for a ring, up to <paramref name="timeout"/>; true when rung.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (_rings.Reader.TryRead(out _))
        {
            return true;
        }

        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            await _rings.Reader.WaitToReadAsync(linked.Token);
            return _rings.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
