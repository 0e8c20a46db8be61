using Leasehold.Runtime.Activation;
using Leasehold.Runtime.Membership;
using Leasehold.Runtime.Messaging;

namespace Leasehold.Runtime.Faults;

/// <summary>
/// Injects partial failures into this silo, for the TestCluster and (guarded) for operators. A kill is
/// abrupt, like SIGKILL: no goodbye in the membership table, connections cut, activations dropped without
/// their deactivate turn. The survivors must find out by themselves, through missed probes and a majority vote.
/// </summary>
public sealed class FaultController
{
    private readonly ClusterMembershipService _membership;
    private readonly SiloConnections _connections;
    private readonly SiloEndpoint _endpoint;
    private readonly ActivationDirectory _activations;
    private int _killed;

    internal FaultController(ClusterMembershipService membership, SiloConnections connections, SiloEndpoint endpoint, ActivationDirectory activations)
    {
        _membership = membership;
        _connections = connections;
        _endpoint = endpoint;
        _activations = activations;
    }

    /// <summary>True once the silo was killed; a killed silo never serves or writes again.</summary>
    public bool IsKilled => Volatile.Read(ref _killed) == 1;

    /// <summary>Kills the silo's runtime at once. Idempotent.</summary>
    public async Task KillAsync()
    {
        if (Interlocked.Exchange(ref _killed, 1) == 1)
        {
            return;
        }

        await _membership.KillAsync().ConfigureAwait(false);
        _endpoint.Socket.Close();
        _connections.CloseAll("silo killed");
        _activations.DropAll();
    }
}
