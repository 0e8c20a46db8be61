using System.Security.Cryptography;

namespace Leasehold.Grains;

/// <summary>Session ids: 32 lowercase hexadecimal characters, 128 random bits — the id is the session's capability.</summary>
public static class SessionIds
{
    /// <summary>A new, random session id.</summary>
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Whether <paramref name="id"/> has the shape of a session id.</summary>
    public static bool IsValid(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);
}
