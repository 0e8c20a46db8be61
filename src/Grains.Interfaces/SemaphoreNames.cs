using System.Globalization;

namespace Leasehold.Grains;

/// <summary>
/// The rules that tie a semaphore to its leases. Semaphore <c>NAME</c> with N permits is N ordinary leases, one per
/// permit slot: slot <c>i</c> (0 to N−1) is the lease on resource <c>semaphore:NAME:i</c>, so every permit has that
/// lease's fence, token, expiry, clock-uncertainty handling and lock delay. The slot is always the last <c>:</c> segment.
/// </summary>
public static class SemaphoreNames
{
    /// <summary>The resource prefix of every semaphore's slot leases.</summary>
    public const string ResourcePrefix = "semaphore:";

    /// <summary>The most permits any semaphore may have (<c>Leases:MaxPermits</c> is at most this): slots 0–999.</summary>
    public const int PermitsLimit = 1000;

    /// <summary>Longest semaphore name: a slot's resource (prefix, name, <c>:</c> and three digits) must stay a valid resource name.</summary>
    public const int MaxNameLength = Names.MaxLength - 14;

    /// <summary>A semaphore name: 1–186 characters of <c>A-Z a-z 0-9 . _ - :</c>.</summary>
    public static bool IsValid(string? name) => name is { Length: <= MaxNameLength } && Names.IsValidResource(name);

    /// <summary>The resource of slot <paramref name="slot"/> of <paramref name="name"/>: <c>semaphore:NAME:i</c>.</summary>
    public static string ResourceOf(string name, int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, PermitsLimit);
        return ResourcePrefix + name + ":" + slot.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Reads a slot's resource back into its semaphore and slot; false for any other resource.</summary>
    public static bool TryParse(string resource, out string name, out int slot)
    {
        name = string.Empty;
        slot = -1;
        var colon = resource.LastIndexOf(':');
        if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || colon <= ResourcePrefix.Length
            || !int.TryParse(resource.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out slot)
            || slot >= PermitsLimit || resource.Length - colon - 1 != slot.ToString(CultureInfo.InvariantCulture).Length)
        {
            slot = -1;
            return false;
        }

        name = resource[ResourcePrefix.Length..colon];
        return true;
    }
}
