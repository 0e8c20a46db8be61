using System.Text.Json.Serialization;

namespace Leasehold.Grains;

/// <summary>The outcome of a fenced write.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "outcome")]
[JsonDerivedType(typeof(Accepted), "accepted")]
[JsonDerivedType(typeof(StaleFence), "stale-fence")]
[JsonDerivedType(typeof(InvalidToken), "invalid-token")]
[JsonDerivedType(typeof(Forbidden), "forbidden")]
public abstract record WriteResult
{
    private WriteResult()
    {
    }

    /// <summary>Written and durable.</summary>
    public sealed record Accepted(long Version, long Fence) : WriteResult;

    /// <summary>Refused: a write with a higher fence came first. The writer's lease is over.</summary>
    public sealed record StaleFence(long Fence, long HighestFence) : WriteResult;

    /// <summary>Refused: the token is malformed, forged, altered, signed with an unknown key, or for another resource.</summary>
    public sealed record InvalidToken(string Reason) : WriteResult;

    /// <summary>Refused: the token is genuine but was issued to a holder of another principal (with authentication on).</summary>
    public sealed record Forbidden(string Reason) : WriteResult;
}
