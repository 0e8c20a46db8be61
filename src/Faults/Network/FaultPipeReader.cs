using System.IO.Pipelines;

namespace Leasehold.Faults;

/// <summary>The read side of a <see cref="FaultTransport"/>: data already received is handed on only when the transport allows.</summary>
internal sealed class FaultPipeReader(PipeReader inner, FaultTransport transport) : PipeReader
{
    // Set by CancelPendingRead, so a read held by a fault returns at once, as Orleans expects when it closes a connection.
    private TaskCompletionSource _cancelled = NewSignal();

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var result = await inner.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (result.IsCanceled)
        {
            return result;
        }

        if (!await transport.HoldReadAsync(_cancelled.Task, cancellationToken).ConfigureAwait(false))
        {
            _cancelled = NewSignal();
            return new ReadResult(result.Buffer, isCanceled: true, result.IsCompleted);
        }

        return result;
    }

    public override bool TryRead(out ReadResult result)
    {
        if (transport.ReadsHeld)
        {
            result = default;
            return false;
        }

        return inner.TryRead(out result);
    }

    public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

    public override void CancelPendingRead()
    {
        _cancelled.TrySetResult();
        inner.CancelPendingRead();
    }

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
