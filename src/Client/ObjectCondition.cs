using System.Globalization;

namespace Leasehold.Client;

/// <summary>
/// A condition on an object's version for a write or delete, checked by the store together with the fence: a mismatch is
/// a <see cref="VersionMismatchException"/>. Versions are the numbers <see cref="StoredObject.Version"/> and
/// <see cref="WriteReceipt.Version"/> give.
/// </summary>
public readonly record struct ObjectCondition
{
    private ObjectCondition(string header, string value)
    {
        Header = header;
        Value = value;
    }

    /// <summary>The HTTP header it is sent as.</summary>
    public string Header { get; }

    /// <summary>The header's value.</summary>
    public string Value { get; }

    /// <summary>Only if the object is live at <paramref name="version"/> (<c>If-Match: "N"</c>): compare-and-swap.</summary>
    public static ObjectCondition IfVersion(long version)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        return new("If-Match", $"\"{version.ToString(CultureInfo.InvariantCulture)}\"");
    }

    /// <summary>Only if a live object exists, whatever its version (<c>If-Match: *</c>).</summary>
    public static ObjectCondition IfExists { get; } = new("If-Match", "*");

    /// <summary>Only if no live object exists: never written, or deleted (<c>If-None-Match: *</c>). For writes only.</summary>
    public static ObjectCondition IfAbsent { get; } = new("If-None-Match", "*");
}
