namespace Leasehold.Grains.Tests.Tokens;

/// <summary>What a malleation does to a token.</summary>
public enum MalleationKind
{
    Append,
    Insert,
    Replace,
    Remove,
    PadSegment,
    FlipCase,
    StandardAlphabet,
    Whitespace,
}
