namespace Leasehold.Client;

/// <summary>One silo of the membership view.</summary>
/// <param name="Address">Host and silo port.</param>
/// <param name="Generation">Which start of the process; a restarted silo has a new generation.</param>
/// <param name="Status">Joining, Active, ShuttingDown or Dead.</param>
/// <param name="StartedAtUtc">When it started.</param>
/// <param name="LastHeartbeatUtc">Its last I-am-alive time.</param>
public sealed record SiloInfo(string Address, long Generation, string Status, DateTimeOffset StartedAtUtc, DateTimeOffset LastHeartbeatUtc);
