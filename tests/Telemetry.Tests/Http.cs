using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Leasehold.Telemetry.Tests;

/// <summary>
/// The few API calls these tests make, and the trace id each response names in its <c>traceresponse</c> header (null
/// when the silo exports no traces: then it names none).
/// </summary>
internal static class Http
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record LeaseBody(string Resource, string Holder, string LeaseId, long Fence, string Token);

    public static async Task<(LeaseBody Lease, string? TraceId)> AcquireAsync(HttpClient http, string resource, string holder, long ttlMs = 60_000)
    {
        using var response = await http.PostAsJsonAsync($"/v1/leases/{resource}/acquire", new { holder, ttlMs });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return ((await response.Content.ReadFromJsonAsync<LeaseBody>(Json))!, TraceIdOf(response));
    }

    public static async Task ReleaseAsync(HttpClient http, LeaseBody lease)
    {
        using var response = await http.PostAsJsonAsync($"/v1/leases/{lease.Resource}/release", new { leaseId = lease.LeaseId });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    public static async Task<(HttpStatusCode Status, string? TraceId)> PutAsync(HttpClient http, string key, string token, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/objects/{key}") { Content = new StringContent(body) };
        request.Headers.Add("Fencing-Token", token);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, TraceIdOf(response));
    }

    /// <summary>The trace id from <c>traceresponse: 00-{trace}-{span}-{flags}</c>, or null without the header.</summary>
    public static string? TraceIdOf(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("traceresponse", out var values))
        {
            return null;
        }

        var parts = values.Single().Split('-');
        Assert.Equal(4, parts.Length);
        return parts[1];
    }
}
