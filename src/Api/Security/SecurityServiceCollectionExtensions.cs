using Microsoft.Extensions.Options;

namespace Leasehold.Api.Security;

/// <summary>Registers and applies the API's authentication, authorization and rate limiting.</summary>
public static class SecurityServiceCollectionExtensions
{
    public static WebApplicationBuilder AddLeaseholdSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>().Bind(builder.Configuration.GetSection(AuthOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        builder.Services.AddSingleton<ApiKeys>();
        builder.Services.AddHostedService<SecurityStartupCheck>();
        return builder;
    }

    public static WebApplication UseLeaseholdSecurity(this WebApplication app)
    {
        app.UseMiddleware<SecurityMiddleware>();
        return app;
    }
}
