using System.Globalization;
using System.Threading.RateLimiting;
using Leasehold.Api.Problems;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Leasehold.Api.Security;

/// <summary>
/// ASP.NET Core's rate limiter, partitioned by caller: a token bucket per authenticated principal, and one per client
/// address for requests without a valid key (so strangers guessing keys are throttled too). It runs after
/// authentication, which names the caller, and before authorization, so a refused stranger still spends its tokens.
/// With authentication off nobody is told apart: every local client shares 127.0.0.1, and one bucket for them all would
/// throttle a machine's clients as one flooder, so nobody is limited (docs/security.md).
/// </summary>
internal sealed class CallerRateLimits(IOptions<AuthOptions> auth) : IConfigureOptions<RateLimiterOptions>
{
    public void Configure(RateLimiterOptions options)
    {
        var settings = auth.Value;
        options.RejectionStatusCode = ProblemType.RateLimited.Status;
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, settings));
        options.OnRejected = (rejected, _) => RefuseAsync(rejected, settings);
    }

    private static RateLimitPartition<string> Partition(HttpContext context, AuthOptions settings)
    {
        if (settings.Mode == AuthMode.None)
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        // Prefixes keep the two kinds of partition apart (a principal may be named like an address).
        return context.User.Identity is { IsAuthenticated: true, Name: { } principal }
            ? Bucket("principal:" + principal, settings.RequestsPerSecond, settings.Burst)
            : Bucket("address:" + context.Connection.RemoteIpAddress, settings.UnauthenticatedRequestsPerSecond, settings.UnauthenticatedBurst);
    }

    private static RateLimitPartition<string> Bucket(string partition, int perSecond, int burst) =>
        perSecond == 0
            ? RateLimitPartition.GetNoLimiter(partition)
            : RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(burst, 1),
                TokensPerPeriod = perSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });

    private static async ValueTask RefuseAsync(OnRejectedContext rejected, AuthOptions settings)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        var detail = context.User.Identity?.IsAuthenticated == true
            ? $"More than {settings.RequestsPerSecond} requests per second (burst {settings.Burst}); slow down."
            : $"More than {settings.UnauthenticatedRequestsPerSecond} requests per second (burst {settings.UnauthenticatedBurst}) from this address without a valid key; slow down.";
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Type = ProblemType.RateLimited.Uri, Title = ProblemType.RateLimited.Title, Status = ProblemType.RateLimited.Status, Detail = detail },
        });
    }
}
