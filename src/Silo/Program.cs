using Leasehold.Hosting;
using Microsoft.Extensions.Hosting;

// A headless silo on the same configuration as the Api host (see README "Configuration").
var builder = Host.CreateApplicationBuilder(args);
return await StartupErrors.RunAsync(() =>
{
    builder.AddLeaseholdSilo();
    return builder.Build();
});
