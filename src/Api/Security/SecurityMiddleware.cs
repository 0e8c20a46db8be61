using System.Globalization;
using System.Threading.RateLimiting;
using Leasehold.Api.Problems;
using Microsoft.Extensions.Options;

namespace Leasehold.Api.Security;

/// <summary>
/// In front of every <c>/v1</c> route: authenticates the caller by API key (with <c>Auth:Mode=ApiKey</c>), checks the
/// role the route needs, and limits each principal's request rate (429 with Retry-After). Health, the OpenAPI document
/// and the dashboard stay open. Ownership of leases (a principal touches only its own) is checked where the lease
/// lives, in the lease grain, so knowing a lease id is not enough.
/// </summary>
internal sealed partial class SecurityMiddleware : IDisposable
{
    private const string Scheme = "Bearer ";
    private readonly RequestDelegate _next;
    private readonly AuthOptions _options;
    private readonly ApiKeys _keys;
    private readonly IProblemDetailsService _problems;
    private readonly PartitionedRateLimiter<string>? _limiter;

    public SecurityMiddleware(RequestDelegate next, IOptions<AuthOptions> options, ApiKeys keys, IProblemDetailsService problems)
    {
        _next = next;
        _options = options.Value;
        _keys = keys;
        _problems = problems;
        if (_options.RequestsPerSecond > 0)
        {
            var (rate, burst) = (_options.RequestsPerSecond, Math.Max(_options.Burst, 1));
            _limiter = PartitionedRateLimiter.Create<string, string>(principal => RateLimitPartition.GetTokenBucketLimiter(principal, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
                TokensPerPeriod = rate,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
        }
    }

    public Task InvokeAsync(HttpContext context) =>
        _options.Mode == AuthMode.None || !context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal)
            ? _next(context)
            : AuthenticateAsync(context);

    /// <summary>With API keys on: who is calling, may they, and are they within their rate.</summary>
    private async Task AuthenticateAsync(HttpContext context)
    {
        var presented = context.Request.Headers.Authorization.ToString();
        if (!presented.StartsWith(Scheme, StringComparison.Ordinal) || _keys.Find(presented[Scheme.Length..].Trim()) is not { } principal)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await RefuseAsync(context, ProblemType.Unauthorized, "Send an API key as Authorization: Bearer <key>.");
            return;
        }

        var role = RoleFor(context.Request);
        if (!principal.Has(role))
        {
            await RefuseAsync(context, ProblemType.Forbidden, $"'{principal.Name}' does not have the '{role}' role this route needs.");
            return;
        }

        context.Features.Set(principal);

        // Limits are per principal, so they hold only with keys on. With auth off nobody is told apart: every caller on
        // loopback shares one address, and a per-address bucket would throttle a whole machine's clients as one
        // (docs/security.md).
        if (_limiter is not null)
        {
            using var lease = _limiter.AttemptAcquire(principal.Name);
            if (!lease.IsAcquired)
            {
                var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await RefuseAsync(context, ProblemType.RateLimited, $"More than {_options.RequestsPerSecond} requests per second (burst {_options.Burst}); slow down.");
                return;
            }
        }

        await _next(context);
    }

    public void Dispose() => _limiter?.Dispose();

    /// <summary>The role a route needs.</summary>
    internal static string RoleFor(HttpRequest request)
    {
        var path = request.Path;
        if (path.StartsWithSegments("/v1/faults", StringComparison.Ordinal))
        {
            return Roles.Admin;
        }

        if (path.StartsWithSegments("/v1/objects", StringComparison.Ordinal))
        {
            return HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) ? Roles.Read : Roles.Write;
        }

        return path.StartsWithSegments("/v1/leases", StringComparison.Ordinal) ? Roles.Lease : Roles.Read;
    }

    private async Task RefuseAsync(HttpContext context, ProblemType type, string detail)
    {
        context.Response.StatusCode = type.Status;
        await _problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Type = type.Uri, Title = type.Title, Status = type.Status, Detail = detail },
        });
    }
}
