using Leasehold.Cli;

// `leasehold --help` lists the commands; README "Use the command line" and docs/client.md show them at work.
return await LeaseholdCli.RunAsync(args);
