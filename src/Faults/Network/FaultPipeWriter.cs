using System.IO.Pipelines;

namespace Leasehold.Faults;

/// <summary>
/// The write side of a <see cref="FaultTransport"/>: bytes are buffered as usual and leave only at a flush the
/// transport allows, so a held or delayed flush holds or delays whole frames, never part of one.
/// </summary>
internal sealed class FaultPipeWriter(PipeWriter inner, FaultTransport transport) : PipeWriter
{
    // Set by CancelPendingFlush, so a flush held by a fault returns at once, as Orleans expects when it closes a connection.
    private TaskCompletionSource _cancelled = NewSignal();

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes;

    public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (!await transport.HoldWriteAsync(_cancelled.Task, cancellationToken).ConfigureAwait(false))
        {
            _cancelled = NewSignal();
            return new FlushResult(isCanceled: true, isCompleted: false);
        }

        if (_cancelled.Task.IsCompleted)
        {
            // The cancel was passed to the inner writer too; its flush reports it.
            _cancelled = NewSignal();
        }

        return await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Advance(int bytes) => inner.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

    public override void CancelPendingFlush()
    {
        _cancelled.TrySetResult();
        inner.CancelPendingFlush();
    }

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
