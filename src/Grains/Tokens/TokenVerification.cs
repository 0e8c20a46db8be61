using System.Diagnostics.CodeAnalysis;

namespace Leasehold.Grains.Tokens;

/// <summary>The result of checking a fencing token: its claims, or why it is refused.</summary>
internal readonly record struct TokenVerification(FencingToken? Token, string? Error)
{
    [MemberNotNullWhen(true, nameof(Token))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => Token is not null;

    public static TokenVerification Valid(FencingToken token) => new(token, null);

    public static TokenVerification Invalid(string error) => new(null, error);
}
