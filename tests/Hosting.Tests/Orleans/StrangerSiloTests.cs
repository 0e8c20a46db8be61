using Microsoft.Extensions.DependencyInjection;

namespace Leasehold.Hosting.Tests.Orleans;

/// <summary>Tests that own their cluster: a stranger silo tries to join, and the control with TLS off.</summary>
public sealed class StrangerSiloTests : IDisposable
{
    private readonly string _elsewhere = Path.Combine(Path.GetTempPath(), "leasehold-stranger-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task An_orleans_silo_with_another_certificate_is_never_admitted_to_the_membership()
    {
        await using var tls = await TlsCluster.StartAsync();
        var members = tls.Cluster.Silos.Select(s => s.SiloAddress).ToHashSet();
        tls.StrangerConfiguration = TlsCluster.Configuration(_elsewhere);

        // The stranger writes itself into the (in-process) table, but cannot open a connection to any member, nor they
        // to it: Orleans' join check (ValidateInitialConnectivity) fails its start.
        var start = tls.Cluster.StartAdditionalSiloAsync();
        var finished = await Task.WhenAny(start, Task.Delay(TimeSpan.FromSeconds(40)));
        Assert.Same(start, finished);
        await Assert.ThrowsAnyAsync<Exception>(() => start);

        foreach (var silo in tls.Cluster.Silos.Where(s => members.Contains(s.SiloAddress)))
        {
            var active = silo.ServiceProvider.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.Members.Values
                .Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToHashSet();
            Assert.True(members.SetEquals(active), $"{silo.SiloAddress} sees active {string.Join(", ", active)}; members are {string.Join(", ", members)}.");
        }

        // The members still serve each other.
        var grain = tls.Cluster.Silos[1].ServiceProvider.GetRequiredService<IGrainFactory>().GetGrain<IWhereGrain>("after-stranger");
        Assert.Equal(tls.Cluster.Silos[1].SiloAddress, await grain.Where());
    }

    [Fact]
    public async Task A_member_started_later_from_the_same_data_folder_reuses_the_certificate_and_joins()
    {
        await using var cluster = await LoopbackCluster.StartAsync(1);
        var before = await File.ReadAllBytesAsync(cluster.CertificatePath);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var later = await cluster.StartAnotherMemberAsync(deadline.Token);

        Assert.Equal(before, await File.ReadAllBytesAsync(cluster.CertificatePath));
        Assert.Equal(cluster.Silos[0].Services.GetRequiredService<LeaseholdClusterCertificate>().Hash, later.Services.GetRequiredService<LeaseholdClusterCertificate>().Hash);
        var grain = LoopbackCluster.GrainsOf(later).GetGrain<IWhereGrain>("later");
        Assert.Equal(LoopbackCluster.AddressOf(later), await grain.Where());
        Assert.Equal(LoopbackCluster.AddressOf(later), await LoopbackCluster.GrainsOf(cluster.Silos[0]).GetGrain<IWhereGrain>("later").Where());
    }

    [Fact]
    public async Task With_tls_off_a_raw_tcp_stranger_is_sent_the_silo_preamble_which_is_what_tls_withholds()
    {
        await using var plain = await LoopbackCluster.StartAsync(1, mode: "Off");
        Assert.Null(plain.Silos[0].Services.GetService<LeaseholdClusterCertificate>());
        Assert.False(File.Exists(plain.CertificatePath));
        var received = await Stranger.RawBytesReceivedAsync(plain.SiloEndpoints[0], []);
        Assert.True(received > 0, "a silo without TLS answers a stranger with its preamble");
    }

    public void Dispose()
    {
        if (Directory.Exists(_elsewhere))
        {
            Directory.Delete(_elsewhere, recursive: true);
        }
    }
}
