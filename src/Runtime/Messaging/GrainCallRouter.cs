using System.Diagnostics;
using Leasehold.Runtime.Activation;
using Leasehold.Runtime.Diagnostics;
using Leasehold.Runtime.Faults;
using Leasehold.Runtime.Invocation;
using Leasehold.Runtime.Membership;
using Leasehold.Runtime.Placement;
using Microsoft.Extensions.Options;

namespace Leasehold.Runtime.Messaging;

/// <summary>
/// Sends each call to the silo that owns its grain in this silo's membership view (rendezvous hashing
/// over the Active silos), and waits for the response until the call's deadline. A silo that receives
/// a call it does not own in its own view forwards it, at most <see cref="MessagingOptions.MaxForwardHops"/>
/// times; after that it runs the call itself, which is safe because safety rests on fencing, not on
/// there being one activation.
/// </summary>
internal sealed class GrainCallRouter(
    ActivationDirectory activations,
    IMembershipView membership,
    SiloConnections connections,
    WireSerializer serializer,
    TimeProvider time,
    SiloPause pause,
    RuntimeInstruments instruments,
    IOptions<MessagingOptions> options) : IGrainCallRouter
{
    private readonly MessagingOptions _options = options.Value;

    public async Task<object?> InvokeAsync(GrainId target, GrainMethod method, object?[] arguments)
    {
        await pause.WhenRunningAsync().ConfigureAwait(false);
        using var call = RuntimeDiagnostics.StartClientCall(target, method.Id);
        call?.SetTag(RuntimeTelemetryAttributes.Silo, membership.LocalSilo.ToString());
        var started = time.GetTimestamp();
        try
        {
            var result = await RouteAsync(target, method, arguments, _options.CallTimeout, TraceParentOf(call), hops: 0).ConfigureAwait(false);
            instruments.GrainCallEnded(method.Id, time.GetElapsedTime(started), failure: null);
            return result;
        }
        catch (Exception ex)
        {
            call?.SetStatus(ActivityStatusCode.Error, ex.Message);
            instruments.GrainCallEnded(method.Id, time.GetElapsedTime(started), ex);
            throw;
        }
    }

    /// <summary>Delivers a call here or sends it on to its owner; <paramref name="hops"/> counts forwards so far.</summary>
    public Task<object?> RouteAsync(GrainId target, GrainMethod method, object?[] arguments, TimeSpan timeout, string? traceParent, int hops)
    {
        // The common case on one node, and for every grain this silo owns: straight to the activation, without the
        // retry loop's state.
        return IsDeliveredHere(OwnerOf(target), hops)
            ? DeliverLocallyAsync(target, method, arguments, timeout, traceParent)
            : RouteWithRetriesAsync(target, method, arguments, timeout, traceParent, hops);
    }

    private bool IsDeliveredHere(SiloAddress? owner, int hops) =>
        owner is not { } remote || remote == membership.LocalSilo || hops >= _options.MaxForwardHops;

    private async Task<object?> RouteWithRetriesAsync(GrainId target, GrainMethod method, object?[] arguments, TimeSpan timeout, string? traceParent, int hops)
    {
        var started = time.GetTimestamp();
        var retryUntil = Min(timeout, _options.UnreachableRetryTime);
        for (var attempt = 1; ; attempt++)
        {
            var owner = OwnerOf(target);
            var remaining = timeout - time.GetElapsedTime(started);
            if (IsDeliveredHere(owner, hops))
            {
                return await DeliverLocallyAsync(target, method, arguments, Max(remaining, TimeSpan.FromMilliseconds(1)), traceParent).ConfigureAwait(false);
            }

            try
            {
                var connection = await connections.GetAsync(owner!.Value).ConfigureAwait(false);
                return await SendAsync(connection, target, method, arguments, Max(remaining, TimeSpan.FromMilliseconds(1)), traceParent, hops).ConfigureAwait(false);
            }
            catch (SiloUnavailableException) when (time.GetElapsedTime(started) < retryUntil)
            {
                // Never sent, so trying again is safe. The owner may be dead and about to be voted out: catch up
                // with the membership table, back off a little, and route again.
                await membership.RefreshNowAsync().ConfigureAwait(false);
                var backoff = TimeSpan.FromMilliseconds(Math.Min(50 * attempt, 500));
                await Task.Delay(Max(Min(backoff, retryUntil - time.GetElapsedTime(started)), TimeSpan.Zero), time).ConfigureAwait(false);
            }
        }
    }

    private async Task<object?> SendAsync(SiloConnection connection, GrainId target, GrainMethod method, object?[] arguments, TimeSpan timeout, string? traceParent, int hops)
    {
        var wireArguments = serializer.SerializeArguments(method, arguments);
        WireFrame.Response response;
        try
        {
            response = await connection.RequestAsync(
                id => new WireFrame.Request(id, target.Type, target.Key, method.Id, wireArguments, (long)Math.Ceiling(timeout.TotalMilliseconds), traceParent, hops + 1, membership.Current.Version),
                timeout, time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new GrainCallTimeoutException(target, method.Id, timeout);
        }

        membership.Observe(response.MembershipVersion);
        return response.Error is { } error ? throw WireSerializer.FromWire(error) : serializer.DeserializeResult(method, response.Result);
    }

    /// <summary>The owner by this silo's view; null when no silo is Active yet (a silo still joining serves its own calls).</summary>
    public SiloAddress? OwnerOf(GrainId grain) => RendezvousPlacement.OwnerOf(grain, membership.Current.ActiveSilos);

    /// <summary>
    /// The trace context the call carries: its own client span when this silo traces, else a recorded span of someone
    /// else's. Not the request span ASP.NET Core makes only for log scopes: formatting its id on every call costs, and
    /// nobody collects that trace.
    /// </summary>
    private static string? TraceParentOf(Activity? call) => call?.Id ?? (Activity.Current is { Recorded: true } current ? current.Id : null);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private async Task<object?> DeliverLocallyAsync(GrainId target, GrainMethod method, object?[] arguments, TimeSpan timeout, string? traceParent)
    {
        var deadline = time.GetTimestamp() + (long)(timeout.TotalSeconds * time.TimestampFrequency);
        var response = activations.DeliverAsync(new Message(target, method, arguments, deadline, traceParent));
        try
        {
            return await response.WaitAsync(timeout, time).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!response.IsCompleted)
        {
            throw new GrainCallTimeoutException(target, method.Id, timeout);
        }
    }
}
