using Leasehold.Grains;
using Orleans;

namespace Leasehold.Chaos.Tests;

/// <summary>
/// A session grain that does not end its leases on close: the close is answered as if the session had ended with all its
/// leases released, but the session stays open (until it expires) and its leases stay held. Runs against it show that
/// (vii) <c>session-lease-outlived-session</c> can fail.
/// </summary>
internal sealed class SessionCloseBlindFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context is { Grain: ISessionGrain session, InterfaceMethod.Name: nameof(ISessionGrain.CloseAsync) })
        {
            // Ask the grain itself (a direct call, inside its own activation) how many leases it holds, and claim to have released them.
            var view = await session.GetAsync();
            context.Result = new SessionResult.Closed(view?.Leases.Count ?? 0);
            return;
        }

        await context.Invoke();
    }
}
