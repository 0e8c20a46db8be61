namespace Leasehold.Storage;

/// <summary>
/// The key range of a listing by prefix. Keys are names of A-Z a-z 0-9 . _ - : (Leasehold.Grains.Names), all below
/// <c>~</c> in ordinal order, so the keys that start with a prefix are exactly those from the prefix (inclusive) to the
/// prefix followed by <c>~</c> (exclusive): a range an index on the key answers without a scan. The providers still check
/// the prefix itself, so a key of other characters could never slip in.
/// </summary>
public static class ObjectListing
{
    /// <summary>The largest page a listing answers.</summary>
    public const int MaxLimit = 1000;

    /// <summary>The first key past every key that starts with <paramref name="prefix"/>.</summary>
    public static string UpperBound(string prefix) => prefix + "~";

    /// <summary>Builds the page from up to <paramref name="limit"/> + 1 rows read: one more than asked says there is a next page.</summary>
    public static ObjectPage Page(List<ObjectSummary> rows, int limit)
    {
        if (rows.Count <= limit)
        {
            return new ObjectPage(rows, null);
        }

        rows.RemoveRange(limit, rows.Count - limit);
        return new ObjectPage(rows, rows[^1].Key);
    }
}
