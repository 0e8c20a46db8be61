// What an Orleans user and an HTTP user write with Leasehold's packages. Prints one line per story; the test reads them.
using System.Text;
using Leasehold.Client;
using Leasehold.Grains;
using Leasehold.Hosting;
using Leasehold.TestingHost;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

var database = args[0];
var api = new Uri(args[1]);

// 1. Leasehold.Grains in the user's own InProcessTestCluster, with Leasehold.TestingHost's faults on its silo.
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Storage:Provider"] = "Sqlite",
    ["Storage:ConnectionString"] = $"Data Source={database}",
}).Build();
var builder = new InProcessTestClusterBuilder(1).AddLeaseholdFaults();
builder.Options.ConfigureFileLogging = false;
builder.ConfigureSilo((_, silo) => silo.AddLeasehold(configuration).UseLeaseholdFailureDetection());
await using (var cluster = builder.Build())
{
    await cluster.DeployAsync();
    var lease = cluster.Client.GetGrain<ILeaseGrain>("orders");
    var shard = cluster.Client.GetGrain<IObjectShardGrain>(ObjectShards.ShardOf("orders.txt", 64));
    var alice = ((LeaseResult.Granted)await lease.AcquireAsync(new AcquireLease("alice", TimeSpan.FromSeconds(30), TimeSpan.Zero))).Lease;
    var first = await shard.PutAsync(new PutObject("orders.txt", "alice's report"u8.ToArray(), "text/plain", alice.Token));
    await lease.ReleaseAsync(alice.LeaseId);
    var bob = ((LeaseResult.Granted)await lease.AcquireAsync(new AcquireLease("bob", TimeSpan.FromSeconds(30), TimeSpan.Zero))).Lease;
    var second = await shard.PutAsync(new PutObject("orders.txt", "bob's report"u8.ToArray(), "text/plain", bob.Token));
    var late = await shard.PutAsync(new PutObject("orders.txt", "alice's late write"u8.ToArray(), "text/plain", alice.Token));
    var paused = cluster.GetFaultController(0).IsPaused;
    Console.WriteLine($"grains: alice={alice.Fence} {first.GetType().Name} bob={bob.Fence} {second.GetType().Name} late={late.GetType().Name} paused={paused}");
}

// 2. Leasehold.Client against the Leasehold API the test started: acquire, a fenced write, release; the next holder
// writes, and the first holder's late write is refused.
using var client = new LeaseholdClient(api);
var carol = await client.AcquireAsync("invoices", "carol", TimeSpan.FromSeconds(30));
var receipt = await client.PutObjectAsync("invoices.txt", Encoding.UTF8.GetBytes("carol's invoice"), carol.Token);
await client.ReleaseAsync("invoices", carol.LeaseId);
var dave = await client.AcquireAsync("invoices", "dave", TimeSpan.FromSeconds(30));
var daves = await client.PutObjectAsync("invoices.txt", Encoding.UTF8.GetBytes("dave's invoice"), dave.Token);
var refused = "none";
try
{
    await client.PutObjectAsync("invoices.txt", Encoding.UTF8.GetBytes("carol's late write"), carol.Token);
}
catch (StaleFenceException e)
{
    refused = e.GetType().Name;
}

await client.ReleaseAsync("invoices", dave.LeaseId);
Console.WriteLine($"client: carol={carol.Fence} version={receipt.Version} dave={dave.Fence} version={daves.Version} late={refused}");
