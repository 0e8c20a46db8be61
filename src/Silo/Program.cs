using Leasehold.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// A headless silo on the same configuration as the Api host (see README "Configuration").
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.QuietHostStartFailures();
return await StartupErrors.RunAsync(() =>
{
    builder.AddLeaseholdSilo();
    return builder.Build();
});
