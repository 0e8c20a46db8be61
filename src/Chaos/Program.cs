using System.CommandLine;
using Leasehold.Chaos;

// `dotnet run --project src/Chaos -- chaos --help`; docs/chaos.md explains the workload, the faults and the checks.
var root = new RootCommand("Leasehold chaos testing: a recorded workload under injected partial failures, and a history checker.");
root.Subcommands.Add(ChaosCommand.Create());

// Ctrl+C and SIGTERM cancel the run; it then ends every process it started before exiting.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
