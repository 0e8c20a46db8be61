using Leasehold.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// A headless Orleans silo on the same configuration as the Api host (see README "Configuration"). Its gateway, on a
// free port unless Cluster:GatewayPort says otherwise, is published in the membership table for API clients.
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.QuietHostStartFailures();
return await StartupErrors.RunAsync(() =>
{
    builder.AddLeaseholdSilo(gatewayByDefault: true);
    return builder.Build();
});
