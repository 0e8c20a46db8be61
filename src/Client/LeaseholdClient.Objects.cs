using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Leasehold.Client.Http;
using Leasehold.Client.Wire;

namespace Leasehold.Client;

/// <summary>Deletes, conditional writes and listings of the fenced object store.</summary>
public sealed partial class LeaseholdClient
{
    /// <summary>
    /// Writes an object under a lease's fencing <paramref name="token"/> if <paramref name="condition"/> holds (checked by the
    /// store with the fence). Retried only if it was never sent, as <see cref="PutObjectAsync(string, ReadOnlyMemory{byte}, string, string?, CancellationToken)"/>.
    /// </summary>
    /// <exception cref="VersionMismatchException">The object is not at the version <paramref name="condition"/> names.</exception>
    /// <exception cref="StaleFenceException">A write with a newer fence came first (this wins over a version mismatch).</exception>
    public Task<WriteReceipt> PutObjectAsync(
        string key, ReadOnlyMemory<byte> value, string token, ObjectCondition condition, string? contentType = null, CancellationToken cancellationToken = default)
    {
        var name = Name(key, nameof(key));
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        var mediaType = MediaTypeHeaderValue.Parse(contentType ?? "application/octet-stream");
        return _transport.SendAsync(
            Json($"put object '{key}'", () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Put, $"v1/objects/{name}") { Content = new ReadOnlyMemoryContent(value) };
                request.Content.Headers.ContentType = mediaType;
                request.Headers.TryAddWithoutValidation(FencingTokenHeader, token);
                Add(request, condition);
                return request;
            }, ClientJsonContext.Default.WriteReceipt, Retryability.OnlyIfNeverSent),
            cancellationToken);
    }

    /// <summary>
    /// Deletes an object under a lease's fencing <paramref name="token"/>, checked like a write: it leaves a tombstone that
    /// keeps the fence, so no writer with a lower fence can bring the key back. The receipt gives the tombstone's version.
    /// Retried only if it was never sent.
    /// </summary>
    /// <exception cref="StaleFenceException">A write with a newer fence came first.</exception>
    /// <exception cref="VersionMismatchException">The object is not live at the version <paramref name="condition"/> names.</exception>
    /// <exception cref="OutcomeUnknownException">Sent, but no answer: read the object back before deciding.</exception>
    public Task<WriteReceipt> DeleteObjectAsync(string key, string token, ObjectCondition? condition = null, CancellationToken cancellationToken = default)
    {
        var name = Name(key, nameof(key));
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        if (condition is { Header: "If-None-Match" })
        {
            throw new ArgumentException("IfAbsent applies to writes only; a delete takes IfVersion or IfExists.", nameof(condition));
        }

        return _transport.SendAsync(
            Json($"delete object '{key}'", () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Delete, $"v1/objects/{name}");
                request.Headers.TryAddWithoutValidation(FencingTokenHeader, token);
                if (condition is { } c)
                {
                    Add(request, c);
                }

                return request;
            }, ClientJsonContext.Default.WriteReceipt, Retryability.OnlyIfNeverSent),
            cancellationToken);
    }

    /// <summary>One page of the live objects whose keys start with <paramref name="prefix"/>, after key <paramref name="after"/>.</summary>
    /// <param name="prefix">The key prefix; empty for every key.</param>
    /// <param name="after">The <see cref="ObjectListPage.Next"/> of the previous page, or null for the first.</param>
    /// <param name="limit">At most this many objects (1–1000); null for the server's default (100).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<ObjectListPage> ListObjectsPageAsync(string prefix = "", string? after = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (limit is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "A page holds 1 to 1000 objects.");
        }

        var query = new List<string>(3);
        if (prefix.Length > 0)
        {
            query.Add($"prefix={Uri.EscapeDataString(prefix)}");
        }

        if (after is not null)
        {
            query.Add($"after={Uri.EscapeDataString(after)}");
        }

        if (limit is { } n)
        {
            query.Add($"limit={n.ToString(CultureInfo.InvariantCulture)}");
        }

        var path = query.Count == 0 ? "v1/objects" : $"v1/objects?{string.Join('&', query)}";
        return _transport.SendAsync(
            Json($"list objects '{prefix}'", () => new HttpRequestMessage(HttpMethod.Get, path), ClientJsonContext.Default.ObjectListPage),
            cancellationToken);
    }

    /// <summary>
    /// Every live object whose key starts with <paramref name="prefix"/>, in ordinal key order, fetched a page of
    /// <paramref name="pageSize"/> at a time as the enumeration reaches it. Not a snapshot: an object written or deleted
    /// meanwhile shows up, or not, by where its key falls.
    /// </summary>
    public async IAsyncEnumerable<ObjectEntry> ListObjectsAsync(string prefix = "", int? pageSize = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? after = null;
        do
        {
            var page = await ListObjectsPageAsync(prefix, after, pageSize, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            // Keys only grow from page to page, so a cursor that did not move would mean a server that repeats itself.
            if (page.Next is not null && after is not null && string.CompareOrdinal(page.Next, after) <= 0)
            {
                throw new LeaseholdException($"list objects '{prefix}': the server's next cursor '{page.Next}' does not move past '{after}'.");
            }

            after = page.Next;
        }
        while (after is not null);
    }

    private static void Add(HttpRequestMessage request, ObjectCondition condition)
    {
        if (condition.Header is null)
        {
            return;
        }

        request.Headers.TryAddWithoutValidation(condition.Header, condition.Value);
    }
}
