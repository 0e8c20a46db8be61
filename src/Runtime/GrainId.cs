namespace Leasehold.Runtime;

/// <summary>The identity of a grain: the grain interface's type name and the grain's key.</summary>
/// <param name="Type">A stable name of the grain interface (its full type name).</param>
/// <param name="Key">The grain's key within that type.</param>
public readonly record struct GrainId(string Type, string Key)
{
    public override string ToString() => $"{Type}/{Key}";
}
