using System.Runtime.CompilerServices;
using System.Text.Json;
using Leasehold.Client.Http;
using Leasehold.Client.Wire;

namespace Leasehold.Client;

/// <summary>Watches: follow a lease or an object as a stream of events that survives reconnects.</summary>
public sealed partial class LeaseholdClient
{
    /// <summary>
    /// Follows the lease on <paramref name="resource"/>: every change (granted, renewed, released, expired, lost) in order,
    /// for as long as you read. It starts with a <see cref="LeaseEventKind.Reset"/> carrying the lease's state, unless
    /// <paramref name="after"/> names the id of the last event you saw; a broken or silent connection is reopened with the
    /// last id, so no change still retained by the server is missed, and a reset says when some were. Cancel to stop.
    /// </summary>
    /// <exception cref="LeaseholdException">The server refused the watch for a reason retrying cannot mend (a bad name, a missing role).</exception>
    public async IAsyncEnumerable<LeaseEvent> WatchLeaseAsync(string resource, long? after = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var name = Name(resource, nameof(resource));
        await foreach (var (id, kind, data) in NewWatch().FollowAsync($"v1/leases/{name}/watch", after, $"watch lease '{resource}'", cancellationToken).ConfigureAwait(false))
        {
            if (ParseLeaseKind(kind) is not { } known)
            {
                // A kind this client does not know (a newer server): its id still counts, the event is skipped.
                continue;
            }

            var body = JsonSerializer.Deserialize(data, ClientJsonContext.Default.LeaseEventBody)
                ?? throw new LeaseholdException($"watch lease '{resource}': an event had no body.");
            yield return new LeaseEvent(id, known, body.Resource, body.Holder, body.Fence, body.AtUtc, body.ExpiresAtUtc, body.Reason, body.Lease, body.Mode);
        }
    }

    /// <summary>
    /// Follows the object <paramref name="key"/>: a <see cref="ObjectEventKind.Written"/> (or <see cref="ObjectEventKind.Deleted"/>)
    /// event per change, with its version and fence. The store keeps only the latest version, so after a reconnect that
    /// missed versions you get a <see cref="ObjectEventKind.Reset"/> with the current state. Cancel to stop.
    /// </summary>
    /// <exception cref="LeaseholdException">The server refused the watch for a reason retrying cannot mend.</exception>
    public async IAsyncEnumerable<ObjectEvent> WatchObjectAsync(string key, long? after = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var name = Name(key, nameof(key));
        await foreach (var (id, kind, data) in NewWatch().FollowAsync($"v1/objects/{name}/watch", after, $"watch object '{key}'", cancellationToken).ConfigureAwait(false))
        {
            ObjectEventKind? known = kind switch
            {
                "reset" => ObjectEventKind.Reset,
                "written" => ObjectEventKind.Written,
                "deleted" => ObjectEventKind.Deleted,
                _ => null,
            };
            if (known is null)
            {
                continue;
            }

            var body = JsonSerializer.Deserialize(data, ClientJsonContext.Default.ObjectEventBody)
                ?? throw new LeaseholdException($"watch object '{key}': an event had no body.");
            yield return new ObjectEvent(id, known.Value, body.Key, body.Version, body.Fence, body.ContentType, body.Length, body.AtUtc, body.Reason, body.Object);
        }
    }

    private Watch NewWatch() => new(_http, Options.TimeProvider, Options.ApiKey, Options.Retry, Options.WatchIdleTimeout);

    private static LeaseEventKind? ParseLeaseKind(string kind) => kind switch
    {
        "reset" => LeaseEventKind.Reset,
        "granted" => LeaseEventKind.Granted,
        "renewed" => LeaseEventKind.Renewed,
        "released" => LeaseEventKind.Released,
        "expired" => LeaseEventKind.Expired,
        "lost" => LeaseEventKind.Lost,
        _ => null,
    };
}
