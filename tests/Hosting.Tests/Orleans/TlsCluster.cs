using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Leasehold.Hosting.Tests.Orleans;

/// <summary>
/// An <see cref="InProcessTestCluster"/> on loopback whose silos and client call <c>UseLeaseholdClusterTls</c>, all with
/// one data folder, so they share the generated certificate as processes that share a SQLite file do. Once
/// <see cref="StrangerConfiguration"/> is set, silos started afterwards use it instead.
/// </summary>
internal sealed class TlsCluster : IAsyncDisposable
{
    private readonly StrangerSettings _strangers;

    private TlsCluster(InProcessTestCluster cluster, string folder, IConfiguration member, StrangerSettings strangers)
    {
        Cluster = cluster;
        Folder = folder;
        MemberConfiguration = member;
        _strangers = strangers;
    }

    public InProcessTestCluster Cluster { get; }

    /// <summary>The data folder every member uses.</summary>
    public string Folder { get; }

    public IConfiguration MemberConfiguration { get; }

    public string CertificatePath => Path.Combine(Folder, "cluster.pfx");

    /// <summary>The <c>Cluster:Tls</c> settings of silos started from now on (null: the members').</summary>
    public IConfiguration? StrangerConfiguration
    {
        get => _strangers.Configuration;
        set => _strangers.Configuration = value;
    }

    public static async Task<TlsCluster> StartAsync(string mode = "Generated", short silos = 2)
    {
        var folder = Path.Combine(Path.GetTempPath(), "leasehold-tls-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var member = Configuration(folder, mode);
        var strangers = new StrangerSettings();
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseLeaseholdClusterTls(strangers.Configuration ?? member);
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.MaxProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            });
        });
        builder.ConfigureClient(client => client.UseLeaseholdClusterTls(member));
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return new TlsCluster(cluster, folder, member, strangers);
    }

    /// <summary>The <c>Cluster:Tls</c> settings of a process whose data folder is <paramref name="folder"/>.</summary>
    public static IConfiguration Configuration(string folder, string mode = "Generated") =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = $"Data Source={Path.Combine(folder, "leasehold.db")}",
            ["Cluster:Tls:Mode"] = mode,
            // Short, so a silent stranger is dropped quickly; long enough for a member's handshake on a busy 2-core machine.
            ["Cluster:Tls:HandshakeTimeout"] = "00:00:03",
        }).Build();

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }

    private sealed class StrangerSettings
    {
        public IConfiguration? Configuration { get; set; }
    }
}
