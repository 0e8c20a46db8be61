namespace Leasehold.Grains;

/// <summary>The rules for names that appear in routes and leases.</summary>
public static class Names
{
    /// <summary>Longest resource name, object key or holder.</summary>
    public const int MaxLength = 200;

    /// <summary>A resource name or object key: 1–200 characters of <c>A-Z a-z 0-9 . _ - :</c>.</summary>
    public static bool IsValidResource(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxLength &&
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':');

    /// <summary>A holder: 1–200 characters, none of them control characters, not only white space.</summary>
    public static bool IsValidHolder(string? holder) =>
        !string.IsNullOrWhiteSpace(holder) && holder.Length <= MaxLength && !holder.Any(char.IsControl);

    /// <summary>
    /// Whether <paramref name="holder"/> belongs to <paramref name="principal"/>: it is the principal's name, or starts
    /// with it and a slash (<c>alice</c>, <c>alice/worker-1</c>). A null principal (authentication off) owns every holder.
    /// </summary>
    public static bool BelongsTo(string holder, string? principal) =>
        principal is null
        || string.Equals(holder, principal, StringComparison.Ordinal)
        || (holder.Length > principal.Length + 1 && holder.StartsWith(principal, StringComparison.Ordinal) && holder[principal.Length] == '/');
}
