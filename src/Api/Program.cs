using Leasehold.Api;
using Leasehold.Hosting;

// The Leasehold HTTP API with a co-hosted silo. `dotnet run --project src/Api` serves
// http://127.0.0.1:5080 on SQLite under ./data; see README "Configuration" for every key.
return await StartupErrors.RunAsync(() => LeaseholdApi.Build(args));
