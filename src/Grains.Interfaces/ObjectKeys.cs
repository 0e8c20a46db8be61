namespace Leasehold.Grains;

/// <summary>
/// Which lease guards an object key when principals are told apart (authentication on): the key names it. The resource
/// is the key up to its last dot — <c>report.txt</c> and <c>report.csv</c> are guarded by the lease on <c>report</c>,
/// <c>orders.eu.json</c> by <c>orders.eu</c> — or the whole key when it has no dot (or only a leading one). Because the
/// key alone decides, no principal can bind a key it should not have to a resource of its own before the rightful
/// holder writes (docs/security.md, "Key squatting").
/// </summary>
public static class ObjectKeys
{
    /// <summary>The resource whose lease's tokens may write <paramref name="key"/>.</summary>
    public static string ResourceOf(string key)
    {
        var dot = key.LastIndexOf('.');
        return dot > 0 ? key[..dot] : key;
    }
}
