namespace Leasehold.Grains.Tests.Leases;

/// <summary>
/// With authentication on, the API passes the caller's principal as the owner: the lease grain renews or releases a
/// lease only for the principal its holder belongs to, so a stolen lease id is useless to anyone else.
/// </summary>
public sealed class LeaseGrainOwnershipTests(SharedSilo shared) : SiloTest(shared)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("bob")]
    [InlineData("alic")]
    [InlineData("alice-x")]
    public async Task Another_principal_cannot_renew_or_release_a_lease_even_with_its_id(string thief)
    {
        var grain = Lease("orders");
        var lease = await grain.AcquireGrantedAsync("alice/worker-1", Ttl);

        var renew = await grain.RenewAsync(new RenewLease(lease.LeaseId, Ttl, thief));
        var release = await grain.ReleaseAsync(lease.LeaseId, thief);
        var view = await grain.GetAsync();

        Assert.IsType<LeaseResult.Forbidden>(renew);
        Assert.IsType<LeaseResult.Forbidden>(release);
        Assert.Equal(("alice/worker-1", true), (view.Holder, view.Held));
    }

    [Theory]
    [InlineData("alice")]
    [InlineData(null)]
    public async Task The_owning_principal_or_no_principal_at_all_renews_and_releases(string? owner)
    {
        var grain = Lease("orders");
        var lease = await grain.AcquireGrantedAsync("alice/worker-1", Ttl);

        Assert.IsType<LeaseResult.Granted>(await grain.RenewAsync(new RenewLease(lease.LeaseId, Ttl, owner)));
        Assert.Equal(new LeaseResult.Released(lease.Fence), await grain.ReleaseAsync(lease.LeaseId, owner));
    }

    [Theory]
    [InlineData("alice", "alice", true)]
    [InlineData("alice/worker-1", "alice", true)]
    [InlineData("alice/", "alice", false)]
    [InlineData("alicent", "alice", false)]
    [InlineData("bob/alice", "alice", false)]
    [InlineData("anything", null, true)]
    public void A_holder_belongs_to_a_principal_by_its_name_or_its_name_and_a_slash(string holder, string? principal, bool belongs)
    {
        Assert.Equal(belongs, Names.BelongsTo(holder, principal));
    }
}
