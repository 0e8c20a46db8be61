namespace Leasehold.Cli.Processes;

/// <summary>A process as it was seen: its id and start time, so a recycled pid is never mistaken for it.</summary>
internal readonly record struct ProcessIdentity(int Pid, long StartTime);
