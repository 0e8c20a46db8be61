using Leasehold.Api.Apis;
using Leasehold.Grains;
using Orleans;
using Orleans.Runtime;

namespace Leasehold.Api.Tests.Apis;

/// <summary>The lease routes' references (<see cref="LeaseGrains"/>) are the ones Orleans' <c>GetGrain</c> makes.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class LeaseGrainsTests(SharedServer shared)
{
    private readonly IGrainFactory _grains = shared.Server.App.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public void Every_reference_equals_the_one_GetGrain_makes_the_first_and_the_later_ones()
    {
        // A fresh instance, so its first call (the one that resolves the types) is part of the test.
        var leases = new LeaseGrains(_grains);
        string[] resources = ["first-" + Guid.NewGuid().ToString("N"), "orders/42", "ünïcode-名前", "a", new string('x', 256), "res-" + Guid.NewGuid().ToString("N")];

        foreach (var resource in resources)
        {
            var ours = (GrainReference)(object)leases.Of(resource);
            var orleans = (GrainReference)(object)_grains.GetGrain<ILeaseGrain>(resource);

            Assert.Equal(orleans.GrainId, ours.GrainId);
            Assert.Equal(orleans.InterfaceType, ours.InterfaceType);
            Assert.Equal(orleans, ours);
            Assert.Equal(resource, ours.GrainId.Key.ToString());
        }
    }

    [Fact]
    public async Task A_lease_granted_through_one_is_seen_through_the_other()
    {
        var leases = shared.Server.App.Services.GetRequiredService<LeaseGrains>();
        var resource = $"res-{Guid.NewGuid():N}";
        var granted = await leases.Of(resource).AcquireAsync(new AcquireLease("worker-1", TimeSpan.FromSeconds(10), TimeSpan.Zero, null));

        var lease = Assert.IsType<LeaseResult.Granted>(granted).Lease;
        var seen = await _grains.GetGrain<ILeaseGrain>(resource).GetAsync();
        Assert.Equal("worker-1", seen.Holder);
        Assert.Equal(lease.Fence, seen.Fence);
    }

    [Fact]
    public void An_empty_or_missing_resource_is_refused_as_GetGrain_refuses_it()
    {
        var leases = new LeaseGrains(_grains);
        _ = leases.Of("resolve-" + Guid.NewGuid().ToString("N"));

        Assert.Throws<ArgumentNullException>(() => leases.Of(null!));
        Assert.Throws<ArgumentException>(() => leases.Of(" "));
        Assert.Throws<ArgumentException>(() => _grains.GetGrain<ILeaseGrain>(" "));
    }
}
