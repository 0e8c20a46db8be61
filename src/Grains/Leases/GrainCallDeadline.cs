namespace Leasehold.Grains.Leases;

/// <summary>
/// How long a grain call may take before the caller gives up with "outcome unknown", and the setting that says so. A
/// lease wait must be shorter, or a waiting acquire would always end unknown. Registered by the silo's runtime.
/// </summary>
/// <param name="Timeout">The call timeout.</param>
/// <param name="Setting">Where it is configured, for the error message.</param>
internal sealed record GrainCallDeadline(TimeSpan Timeout, string Setting);
