namespace Leasehold.Runtime;

/// <summary>The identity of a grain: the grain interface's type name and the grain's key.</summary>
/// <param name="Type">A stable name of the grain interface (its full type name).</param>
/// <param name="Key">The grain's key within that type.</param>
public readonly record struct GrainId(string Type, string Key)
{
    /// <summary>The id of the grain of interface <typeparamref name="TGrainInterface"/> with this key, as the grain factory names it.</summary>
    public static GrainId For<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey => new(typeof(TGrainInterface).FullName!, key);

    public override string ToString() => $"{Type}/{Key}";
}
