using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Messaging;

namespace Leasehold.Hosting.Tests.Orleans;

/// <summary>Members of a cluster with the generated certificate talk; strangers on the silo and gateway ports are refused.</summary>
[Collection(TlsClusterCollection.Name)]
public sealed class ClusterTlsTests(TlsClusterFixture fixture) : IDisposable
{
    private readonly string _elsewhere = Path.Combine(Path.GetTempPath(), "leasehold-stranger-" + Guid.NewGuid().ToString("N"));

    private LoopbackCluster Tls => fixture.Cluster;

    public static TheoryData<string> Ports => new() { "silo", "gateway" };

    [Fact]
    public void Every_member_presents_the_one_certificate_generated_in_the_shared_data_folder()
    {
        using var onDisk = LeaseholdClusterCertificate.LoadPfx(Tls.CertificatePath, password: null);
        var hashes = Tls.Silos.Select(s => s.Services.GetRequiredService<LeaseholdClusterCertificate>().Hash).ToList();
        Assert.Equal(2, hashes.Count);
        Assert.All(hashes, h => Assert.Equal(LeaseholdClusterCertificate.HashOf(onDisk), h));
        Assert.Equal(GeneratedClusterCertificate.Subject, onDisk.Subject);
    }

    [Fact]
    public async Task A_grain_call_crosses_from_one_silo_to_another_and_from_the_client_through_a_gateway()
    {
        var second = LoopbackCluster.AddressOf(Tls.Silos[1]);
        Assert.Equal(second, await LoopbackCluster.GrainsOf(Tls.Silos[1]).GetGrain<IWhereGrain>("crossing").Where());

        // Called from the first silo, the call travels over a silo-to-silo connection (TLS both ways).
        Assert.Equal(second, await LoopbackCluster.GrainsOf(Tls.Silos[0]).GetGrain<IWhereGrain>("crossing").Where());

        // And from a member client through the first silo's gateway.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var client = await LoopbackCluster.ConnectClientAsync(Tls.GatewayEndpoints[0], Tls.MemberConfiguration, deadline.Token);
        Assert.Equal(second, await LoopbackCluster.GrainsOf(client).GetGrain<IWhereGrain>("crossing").Where());
        await client.StopAsync(deadline.Token);
    }

    [Theory]
    [MemberData(nameof(Ports))]
    public async Task A_raw_tcp_stranger_that_writes_is_sent_nothing_and_closed(string port)
    {
        var request = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: leasehold\r\n\r\n");
        Assert.Equal(0, await Stranger.RawBytesReceivedAsync(EndpointOf(port), request));
    }

    [Theory]
    [MemberData(nameof(Ports))]
    public async Task A_raw_tcp_stranger_that_stays_silent_is_sent_nothing_and_closed_after_the_handshake_timeout(string port)
    {
        Assert.Equal(0, await Stranger.RawBytesReceivedAsync(EndpointOf(port), []));
    }

    [Theory]
    [MemberData(nameof(Ports))]
    public async Task A_tls_stranger_with_another_self_signed_certificate_of_the_same_subject_is_refused(string port)
    {
        using var other = GeneratedClusterCertificate.GetOrCreate(Path.Combine(_elsewhere, "cluster.pfx"), TimeProvider.System);
        Assert.Equal(GeneratedClusterCertificate.Subject, other.Subject);
        Assert.False(await Stranger.AdmittedOverTlsAsync(EndpointOf(port), other));
    }

    [Theory]
    [MemberData(nameof(Ports))]
    public async Task A_tls_stranger_without_a_certificate_is_refused(string port)
    {
        Assert.False(await Stranger.AdmittedOverTlsAsync(EndpointOf(port), certificate: null));
    }

    [Theory]
    [MemberData(nameof(Ports))]
    public async Task A_tls_client_with_the_cluster_certificate_is_admitted_so_the_refusals_are_the_certificates_doing(string port)
    {
        using var member = LeaseholdClusterCertificate.LoadPfx(Tls.CertificatePath, password: null);
        Assert.True(await Stranger.AdmittedOverTlsAsync(EndpointOf(port), member));
    }

    [Fact]
    public async Task An_orleans_client_with_another_certificate_cannot_connect_to_a_gateway_while_a_member_client_can()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var gateway = Tls.GatewayEndpoints[0];
        var stranger = TlsCluster.Configuration(_elsewhere);
        var refused = await Assert.ThrowsAsync<ConnectionFailedException>(() => LoopbackCluster.ConnectClientAsync(gateway, stranger, deadline.Token, attempts: 3));
        Assert.Contains(gateway.Port.ToString(CultureInfo.InvariantCulture), refused.InnerException?.Message ?? "", StringComparison.Ordinal);

        using var member = await LoopbackCluster.ConnectClientAsync(gateway, Tls.MemberConfiguration, deadline.Token);
        var where = await LoopbackCluster.GrainsOf(member).GetGrain<IWhereGrain>("member-client").Where();
        Assert.Contains(where, Tls.Silos.Select(LoopbackCluster.AddressOf));
        await member.StopAsync(deadline.Token);
    }

    public void Dispose()
    {
        if (Directory.Exists(_elsewhere))
        {
            Directory.Delete(_elsewhere, recursive: true);
        }
    }

    private IPEndPoint EndpointOf(string port) => port == "silo" ? Tls.SiloEndpoints[0] : Tls.GatewayEndpoints[0];
}
