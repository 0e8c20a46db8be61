using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Leasehold.Hosting.Tests.Orleans;

public sealed class LeaseholdClusterTlsAnnouncementTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("leasehold-tls-log-").FullName;

    [Fact]
    public async Task A_start_with_tls_off_warns_that_any_process_can_join()
    {
        var logger = new RecordingLogger();
        await new LeaseholdClusterTlsAnnouncement(null, logger).StartAsync(CancellationToken.None);
        var (level, id, message) = Assert.Single(logger.Entries);
        Assert.Equal((LogLevel.Warning, 1351), (level, id));
        Assert.Contains("Cluster:Tls:Mode=Off", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_start_with_tls_on_names_the_certificate_hash_and_where_it_came_from()
    {
        var settings = LeaseholdClusterTlsSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cluster:Tls:GeneratedCertificatePath"] = Path.Combine(_folder, "cluster.pfx"),
        }).Build());
        var certificate = LeaseholdClusterCertificate.Load(settings, TimeProvider.System);
        var logger = new RecordingLogger();
        await new LeaseholdClusterTlsAnnouncement(certificate, logger).StartAsync(CancellationToken.None);
        var (level, id, message) = Assert.Single(logger.Entries);
        Assert.Equal((LogLevel.Information, 1350), (level, id));
        Assert.Contains(certificate.Hash, message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_folder, "cluster.pfx"), message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private sealed class RecordingLogger : ILogger<LeaseholdClusterTlsAnnouncement>
    {
        public List<(LogLevel Level, int Id, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, eventId.Id, formatter(state, exception)));
    }
}
