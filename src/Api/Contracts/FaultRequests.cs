namespace Leasehold.Api.Contracts;

/// <summary>Pause this silo (stop the world) for <c>durationMs</c>.</summary>
public sealed record PauseRequest(long? DurationMs);

/// <summary>Drop (<c>drop: true</c>) or delay (<c>delayMs</c>) every message this silo sends to the silo at <c>to</c> (host:port).</summary>
public sealed record NetworkFaultRequest(string? To, bool? Drop, long? DelayMs);

/// <summary>Set this silo's wall clock <c>offsetMs</c> from true time, drifting <c>driftPpm</c> from now.</summary>
public sealed record ClockFaultRequest(long? OffsetMs, double? DriftPpm);

/// <summary>The faults in force on a silo: paused or killed, its wall clock's offset and drift, its network rules.</summary>
public sealed record FaultsResponse(string Silo, bool Paused, bool Killed, long ClockOffsetMs, IReadOnlyList<NetworkFaultResponse> Network, double ClockDriftPpm);

/// <summary>One network rule: frames to <c>to</c> are dropped, or delayed by <c>delayMs</c>.</summary>
public sealed record NetworkFaultResponse(string To, bool Drop, long DelayMs);
