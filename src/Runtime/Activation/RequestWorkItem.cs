using Leasehold.Runtime.Messaging;

namespace Leasehold.Runtime.Activation;

/// <summary>A grain call waiting for its turn; completes the caller's task with the response.</summary>
internal sealed class RequestWorkItem(Message message, TaskCompletionSource<object?> response) : WorkItem
{
    public override bool Interleave => message.Method.AlwaysInterleave;

    public override async Task ExecuteAsync(Activation activation)
    {
        // The caller gave up at its deadline; running the call now would only add a surprise.
        if (activation.Time.GetTimestamp() > message.DeadlineTimestamp)
        {
            response.TrySetException(new GrainCallTimeoutException(message.Target, message.Method.Id, TimeSpan.Zero));
            return;
        }

        using var span = RuntimeDiagnostics.StartServerCall(message, activation.SiloName);
        try
        {
            response.TrySetResult(await message.Method.Invoke(activation.Instance!, message.Arguments));
        }
        catch (Exception ex)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
            response.TrySetException(ex);
        }
    }

    public override void Fail(Exception reason) => response.TrySetException(reason);
}
