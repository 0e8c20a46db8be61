namespace Leasehold.Runtime;

/// <summary>
/// Marks a grain interface method whose calls may interleave with other turns of the activation at
/// await points. Code of one activation still runs on one thread at a time; only the
/// "one request at a time" rule is relaxed. Use it for methods that wait without holding the turn.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class AlwaysInterleaveAttribute : Attribute;
