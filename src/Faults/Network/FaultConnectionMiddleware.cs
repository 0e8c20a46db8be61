using Microsoft.AspNetCore.Connections;
using Orleans.Runtime.Messaging;

namespace Leasehold.Faults;

/// <summary>
/// Orleans connection middleware (added to the silo's inbound and outbound silo connections and its gateway
/// connections) that puts a <see cref="FaultTransport"/> in front of the connection's transport, so the
/// <see cref="FaultController"/> can hold, delay or release its bytes, or reset the connection. It never reads or
/// writes a byte of its own.
/// </summary>
internal sealed class FaultConnectionMiddleware(FaultController faults, ConnectionKind kind) : IConnectionMiddleware
{
    public async Task OnConnectionAsync(ConnectionContext context, ConnectionDelegate next)
    {
        var remote = new RemoteSilo(context, kind);
        context.Transport = new FaultTransport(context.Transport, remote, faults);
        faults.Track(context, remote);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            faults.Untrack(context);
        }
    }
}
