using Leasehold.Runtime.Invocation;
using Leasehold.Runtime.Membership;

namespace Leasehold.Runtime.Messaging;

/// <summary>
/// Serves requests that other silos send: decodes them by the target method's declared types, routes
/// them (here, or forwarded one hop closer to the owner), and answers with the result or the error.
/// A request that cannot be decoded is answered with an error, never with a crash.
/// </summary>
internal sealed class IncomingCalls
{
    private readonly GrainTypeRegistry _registry;
    private readonly GrainCallRouter _router;
    private readonly WireSerializer _serializer;
    private readonly IMembershipView _membership;

    public IncomingCalls(GrainTypeRegistry registry, GrainCallRouter router, WireSerializer serializer, IMembershipView membership, SiloConnections connections)
    {
        _registry = registry;
        _router = router;
        _serializer = serializer;
        _membership = membership;
        connections.OnRequest(HandleAsync);
    }

    private async Task HandleAsync(SiloConnection connection, WireFrame.Request request)
    {
        _membership.Observe(request.MembershipVersion);
        WireFrame.Response response;
        try
        {
            var (grainInterface, _) = _registry.Resolve(request.GrainType);
            if (!grainInterface.ById.TryGetValue(request.Method, out var method))
            {
                throw new InvalidFrameException($"{request.GrainType} has no method {request.Method}.");
            }

            var arguments = _serializer.DeserializeArguments(method, request.Arguments);
            var timeout = TimeSpan.FromMilliseconds(Math.Clamp(request.TimeoutMs, 1, (long)TimeSpan.FromHours(1).TotalMilliseconds));
            var result = await _router.RouteAsync(new GrainId(request.GrainType, request.GrainKey), method, arguments, timeout, request.TraceParent, request.Hops)
                .ConfigureAwait(false);
            response = new WireFrame.Response(request.Id, _serializer.SerializeResult(method, result), null, _membership.Current.Version);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            response = new WireFrame.Response(request.Id, ReadOnlyMemory<byte>.Empty, WireSerializer.ToWire(ex), _membership.Current.Version);
        }

        try
        {
            await connection.SendAsync(response).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SiloConnectionLostException or SiloUnavailableException or OperationCanceledException or ObjectDisposedException)
        {
            // The caller's side fails the call with an unknown outcome.
        }
    }
}
