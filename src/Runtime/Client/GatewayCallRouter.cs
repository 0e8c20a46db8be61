using System.Diagnostics;
using Leasehold.Runtime.Invocation;
using Leasehold.Runtime.Messaging;
using Microsoft.Extensions.Logging;

namespace Leasehold.Runtime.Client;

/// <summary>
/// Sends every call of a grain client to a gateway silo, which routes it to the grain's owner. A gateway that
/// cannot be reached (the request was never sent) is skipped for the next one; a connection lost with a request in
/// flight, or a deadline passed, fails the call with an unknown outcome — as on a silo.
/// </summary>
internal sealed class GatewayCallRouter(ClusterClientOptions options, byte[] key, WireSerializer serializer, ILogger logger) : IGrainCallRouter, IAsyncDisposable
{
    private readonly string _clientId = Guid.NewGuid().ToString("N");
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private SiloConnection? _connection;
    private int _next;

    public async Task<object?> InvokeAsync(GrainId target, GrainMethod method, object?[] arguments)
    {
        var connection = await ConnectionAsync().ConfigureAwait(false);
        var wireArguments = serializer.SerializeArguments(method, arguments);
        WireFrame.Response response;
        try
        {
            response = await connection.RequestAsync(
                id => new WireFrame.Request(id, target.Type, target.Key, method.Id, wireArguments, (long)options.CallTimeout.TotalMilliseconds, Activity.Current?.Id, 0, 0),
                options.CallTimeout, TimeProvider.System).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new GrainCallTimeoutException(target, method.Id, options.CallTimeout);
        }

        return response.Error is { } error ? throw WireSerializer.FromWire(error) : serializer.DeserializeResult(method, response.Result);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _connecting.Dispose();
    }

    /// <summary>The open gateway connection, or a new one to the first gateway that answers, starting after the last one used.</summary>
    private async Task<SiloConnection> ConnectionAsync()
    {
        if (_connection is { Closed.IsCancellationRequested: false } open)
        {
            return open;
        }

        await _connecting.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_connection is { Closed.IsCancellationRequested: false } raced)
            {
                return raced;
            }

            var failures = new List<string>();
            for (var i = 0; i < options.Gateways.Count; i++)
            {
                var gateway = options.Gateways[_next++ % options.Gateways.Count];
                try
                {
                    var connection = await SiloConnection.ConnectAsync(
                        gateway, new WireFrame.ClientHello(options.ClusterId, _clientId), key, options.ConnectTimeout, options.MaxFrameBytes, logger, CancellationToken.None).ConfigureAwait(false);
                    connection.Start((_, _) => Task.CompletedTask);
                    _connection = connection;
                    return connection;
                }
                catch (SiloUnavailableException ex)
                {
                    failures.Add(ex.Message);
                }
            }

            throw new SiloUnavailableException($"No gateway of cluster '{options.ClusterId}' answered: {string.Join(" ", failures)}");
        }
        finally
        {
            _connecting.Release();
        }
    }
}
