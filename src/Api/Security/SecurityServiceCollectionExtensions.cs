using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Leasehold.Api.Security;

/// <summary>Registers and applies the API's authentication, authorization and rate limiting, on ASP.NET Core's own machinery.</summary>
public static class SecurityServiceCollectionExtensions
{
    public static WebApplicationBuilder AddLeaseholdSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>().Bind(builder.Configuration.GetSection(AuthOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        builder.Services.AddSingleton<ApiKeys>();
        builder.Services.AddHostedService<SecurityStartupCheck>();
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization(Policies.Add);
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddSingleton<IConfigureOptions<RateLimiterOptions>, CallerRateLimits>();
        return builder;
    }

    /// <summary>
    /// Authentication names the caller, the rate limiter then counts it (by principal, or by address for a caller
    /// without a valid key), and authorization last applies the route's policy: a stranger refused with 401 has
    /// still spent a token, so a flood of wrong keys meets 429s. With authentication off nobody is limited, so the
    /// limiter is not in the pipeline at all.
    /// </summary>
    public static WebApplication UseLeaseholdSecurity(this WebApplication app)
    {
        app.UseAuthentication();
        if (app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.Mode == AuthMode.ApiKey)
        {
            app.UseRateLimiter();
        }

        app.UseAuthorization();
        return app;
    }
}
