using Leasehold.Runtime.Activation;
using Leasehold.Runtime.Membership;
using Leasehold.Runtime.Messaging;

namespace Leasehold.Runtime.Placement;

/// <summary>
/// On every new membership view, deactivates the activations of this silo whose grain now belongs to
/// another silo, so that calls converge on the owner's activation. Until the views agree, two activations
/// of one grain can exist; fencing keeps that safe.
/// </summary>
internal sealed class OwnershipWatcher : IDisposable
{
    private readonly IMembershipView _membership;
    private readonly ActivationDirectory _activations;
    private readonly GrainCallRouter _router;

    public OwnershipWatcher(IMembershipView membership, ActivationDirectory activations, GrainCallRouter router)
    {
        _membership = membership;
        _activations = activations;
        _router = router;
        _membership.Changed += OnViewChanged;
    }

    public void Dispose() => _membership.Changed -= OnViewChanged;

    private void OnViewChanged(MembershipSnapshot view)
    {
        foreach (var activation in _activations.All)
        {
            if (_router.OwnerOf(activation.GrainId) is { } owner && owner != _membership.LocalSilo)
            {
                activation.TryDeactivate(DeactivationReason.Stale);
            }
        }
    }
}
