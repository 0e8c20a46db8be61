using System.Diagnostics;
using Leasehold.Runtime.Activation;
using Leasehold.Runtime.Invocation;
using Microsoft.Extensions.Options;

namespace Leasehold.Runtime.Messaging;

/// <summary>
/// Routes calls to activations of this silo and waits for the response until the call's deadline.
/// The message boundary is already here, so a transport between silos only adds a hop.
/// </summary>
internal sealed class GrainCallRouter(ActivationDirectory activations, TimeProvider time, IOptions<MessagingOptions> options) : IGrainCallRouter
{
    private readonly TimeSpan _timeout = options.Value.CallTimeout;

    public async Task<object?> InvokeAsync(GrainId target, GrainMethod method, object?[] arguments)
    {
        var deadline = time.GetTimestamp() + (long)(_timeout.TotalSeconds * time.TimestampFrequency);
        var message = new Message(target, method, arguments, deadline, Activity.Current?.Id);
        var response = activations.DeliverAsync(message);
        try
        {
            return await response.WaitAsync(_timeout, time).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!response.IsCompleted)
        {
            throw new GrainCallTimeoutException(target, method.Id, _timeout);
        }
    }
}
