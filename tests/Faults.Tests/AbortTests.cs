using Leasehold.Testing;
using Leasehold.TestingHost;
using Microsoft.AspNetCore.Connections;
using Orleans.Runtime;

namespace Leasehold.Faults.Tests;

[Collection(ClusterCollection.Name)]
public sealed class AbortTests
{
    [Fact]
    public async Task Each_silo_knows_which_silo_is_at_the_other_end_of_its_connections_whoever_dialled()
    {
        await using var faulty = await FaultyCluster.StartAsync();

        // Orleans shares one connection per pair where it can, dialled by either side: the dialled side knows its
        // peer only from Orleans' preamble, so equal counts on both sides show inbound connections are identified.
        foreach (var x in faulty.Silos)
        {
            foreach (var y in faulty.Silos.Where(s => s != x))
            {
                await Eventually.True(
                    () => faulty.Faults(x).OpenConnectionsTo(y.SiloAddress.Endpoint) is >= 1 and var n && n == faulty.Faults(y).OpenConnectionsTo(x.SiloAddress.Endpoint),
                    TimeSpan.FromSeconds(10),
                    () => $"{x.SiloAddress} and {y.SiloAddress} count the same connections between them ({faulty.Faults(x).OpenConnectionsTo(y.SiloAddress.Endpoint)} and {faulty.Faults(y).OpenConnectionsTo(x.SiloAddress.Endpoint)})");
            }
        }
    }

    [Fact]
    public async Task Aborting_resets_the_connections_between_two_silos_and_Orleans_reconnects()
    {
        await using var faulty = await FaultyCluster.StartAsync();
        var (a, b) = (faulty.Silos[0], faulty.Silos[1]);
        await FaultyCluster.GrainOnAsync(b, "reset");
        var grain = FaultyCluster.GrainsOf(a).GetGrain<IEchoGrain>("reset");
        Assert.Equal(b.SiloAddress, await grain.Where());
        var faults = faulty.Faults(a);
        var open = faults.OpenConnectionsTo(b.SiloAddress.Endpoint);
        Assert.True(open >= 1);

        Assert.Equal(open, faults.AbortConnectionsTo(b.SiloAddress.Endpoint));

        await Eventually.True(
            async () =>
            {
                try
                {
                    return (await grain.Where()).Equals(b.SiloAddress);
                }
                catch (Exception e) when (e is TimeoutException or SiloUnavailableException or ConnectionAbortedException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(10),
            "a reaches b again over a new connection");
        Assert.True(faults.OpenConnectionsTo(b.SiloAddress.Endpoint) >= 1);
    }

    [Fact]
    public async Task Aborting_every_connection_resets_those_to_each_other_silo_as_a_dying_process_would()
    {
        await using var faulty = await FaultyCluster.StartAsync();
        var a = faulty.Silos[0];
        var others = faulty.Silos.Skip(1).ToList();
        foreach (var other in others)
        {
            await FaultyCluster.GrainOnAsync(other, $"reset-all-{other.Name}");
            Assert.Equal(other.SiloAddress, await FaultyCluster.GrainsOf(a).GetGrain<IEchoGrain>($"reset-all-{other.Name}").Where());
        }

        var faults = faulty.Faults(a);
        var open = others.Sum(o => faults.OpenConnectionsTo(o.SiloAddress.Endpoint));
        Assert.True(open >= others.Count);

        Assert.True(faults.AbortAllConnections() >= open);
    }
}
