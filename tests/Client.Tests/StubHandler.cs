using System.Net;
using System.Text;

namespace Leasehold.Client.Tests;

/// <summary>An in-memory HTTP handler for tests that need answers no real server gives on demand (504, slow answers).</summary>
/// <remarks>Kept over RichardSzalay.MockHttp: an answer may move the test's fake clock mid-request, which a plain function says most directly.</remarks>
internal sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
{
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    public static HttpResponseMessage Json(HttpStatusCode status, string json, string mediaType = "application/json") =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, mediaType) };

    public static HttpResponseMessage Problem(HttpStatusCode status, string name, string detail) =>
        Json(status, $$"""{"type":"urn:leasehold:problem:{{name}}","title":"t","status":{{(int)status}},"detail":"{{detail}}"}""", "application/problem+json");

    public static HttpResponseMessage Lease(string resource, long ttlMs, long fence = 1, string leaseId = "lease-1") => Json(
        HttpStatusCode.OK,
        $$"""{"resource":"{{resource}}","holder":"h","leaseId":"{{leaseId}}","fence":{{fence}},"token":"lh1.k1.a.b","ttlMs":{{ttlMs}},"expiresAtUtc":"2026-01-01T00:00:00Z"}""");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        return Task.FromResult(answer(request));
    }
}
