using System.Collections.Concurrent;
using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Connections;
using Orleans.Runtime;

namespace Leasehold.Faults;

/// <summary>
/// Which silo is at the other end of a connection. Orleans publishes no public feature for it: its own connection
/// object sits in the connection's features and learns the remote <see cref="SiloAddress"/> from the preamble both
/// sides send first. Until then (and if a future Orleans hides it), an outbound connection falls back to its remote
/// endpoint, which is the dialled silo's endpoint; an inbound one's remote endpoint is the caller's ephemeral port
/// and names no silo. Once known, the answer is kept for the connection's life.
/// </summary>
internal sealed class RemoteSilo(ConnectionContext context, ConnectionKind kind)
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo?> RemoteSiloProperties = new();
    private IPEndPoint? _known;

    public ConnectionKind Kind => kind;

    /// <summary>The remote silo's endpoint, or null when it is not (yet) known or the peer is a client.</summary>
    public IPEndPoint? Endpoint
    {
        get
        {
            if (_known is not null || kind == ConnectionKind.GatewayInbound)
            {
                return _known;
            }

            if (FromOrleans(context) is { } announced)
            {
                _known = announced;
                return announced;
            }

            return kind == ConnectionKind.SiloOutbound ? Normalize(context.RemoteEndPoint as IPEndPoint) : null;
        }
    }

    internal static IPEndPoint? Normalize(IPEndPoint? endpoint) =>
        endpoint is { Address.IsIPv4MappedToIPv6: true } ? new IPEndPoint(endpoint.Address.MapToIPv4(), endpoint.Port) : endpoint;

    private static IPEndPoint? FromOrleans(ConnectionContext context)
    {
        foreach (var (_, feature) in context.Features)
        {
            if (feature is null)
            {
                continue;
            }

            var property = RemoteSiloProperties.GetOrAdd(
                feature.GetType(),
                static type => type.GetProperty("RemoteSiloAddress", BindingFlags.Public | BindingFlags.Instance) is { } p && p.PropertyType == typeof(SiloAddress) ? p : null);
            if (property?.GetValue(feature) is SiloAddress silo)
            {
                return Normalize(silo.Endpoint);
            }
        }

        return null;
    }
}
