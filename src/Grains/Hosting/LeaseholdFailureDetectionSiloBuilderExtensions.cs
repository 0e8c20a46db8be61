using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Leasehold.Hosting;

/// <summary>Leasehold's failure detection under an Orleans silo: a dead silo is declared so in seconds, not Orleans' quarter minute.</summary>
public static class LeaseholdFailureDetectionSiloBuilderExtensions
{
    /// <summary>The section <see cref="UseLeaseholdFailureDetection"/> binds over its defaults (Orleans' <c>ClusterMembershipOptions</c> names).</summary>
    public const string MembershipSection = "Cluster:Membership";

    /// <summary>
    /// Failure detection tuned for leases: a silo that stops answering is declared dead in about 2–3 s instead of
    /// Orleans' 15 s or more, and a silo declared dead learns it within a second of its next table read (see
    /// docs/membership.md for what each value trades). <c>Cluster:Membership</c> overrides any of them by Orleans' names,
    /// the removal of old Dead rows too (<c>DefunctSiloCleanupPeriod</c>, <c>DefunctSiloExpiration</c>, <c>MaxDefunctSiloEntries</c>,
    /// checked at start).
    /// </summary>
    public static ISiloBuilder UseLeaseholdFailureDetection(this ISiloBuilder builder, IConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<ClusterMembershipOptions>().Configure(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.MaxProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 2;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
            o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(10);
        });
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(MembershipSection));
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterMembershipOptions>, LeaseholdMembershipOptionsValidator>());
        options.ValidateOnStart();
        return builder;
    }
}
