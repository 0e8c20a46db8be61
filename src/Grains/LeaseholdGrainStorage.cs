namespace Leasehold.Grains;

/// <summary>The grain storage Leasehold's grains keep their state in.</summary>
public static class LeaseholdGrainStorage
{
    /// <summary>The name of the grain storage provider (<c>[PersistentState("lease", "leasehold")]</c>).</summary>
    public const string Name = "leasehold";
}
