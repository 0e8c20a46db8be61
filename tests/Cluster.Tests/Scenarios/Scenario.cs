using System.Net;
using System.Net.Http.Json;
using Leasehold.Storage;
using Leasehold.Testing;
using Leasehold.NodeCluster;
using Microsoft.Extensions.DependencyInjection;

namespace Leasehold.Cluster.Tests.Scenarios;

/// <summary>Whether a scenario runs with the store's fence check (the product) or without it (to show the test can fail).</summary>
public enum Fencing
{
    On,
    Off,
}

/// <summary>Helpers the scenario stories share: a cluster with or without fencing, and the HTTP calls of their clients.</summary>
public static class Scenario
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    public static Task<TestCluster> StartAsync(int silos, Fencing fencing, StorageProvider storage, params (string Key, string Value)[] settings)
    {
        var builder = new TestClusterBuilder(silos).On(storage);
        foreach (var (key, value) in settings)
        {
            builder.WithSetting(key, value);
        }

        if (fencing == Fencing.Off)
        {
            var store = new UnfencedObjectStore();
            builder.ConfigureSilo(b => b.Services.AddSingleton<IFencedObjectStore>(store));
        }

        return builder.BuildAndStartAsync();
    }

    public static async Task<HttpResponseMessage> AcquireAsync(HttpClient http, string resource, string holder, long ttlMs, long waitMs = 0) =>
        await http.PostAsJsonAsync($"/v1/leases/{resource}/acquire", new { holder, ttlMs, waitMs });

    public static async Task<LeaseBody> AcquireOkAsync(HttpClient http, string resource, string holder, long ttlMs, long waitMs = 0)
    {
        using var response = await AcquireAsync(http, resource, holder, ttlMs, waitMs);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"acquire by {holder} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<LeaseBody>())!;
    }

    public static async Task ReleaseAsync(HttpClient http, LeaseBody lease)
    {
        using var response = await http.PostAsJsonAsync($"/v1/leases/{lease.Resource}/release", new { leaseId = lease.LeaseId });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    public static async Task<HttpStatusCode> WriteAsync(HttpClient http, string key, string token, string text)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/objects/{key}") { Content = new StringContent(text) };
        request.Headers.TryAddWithoutValidation("Fencing-Token", token);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    public static Task<string> ReadAsync(HttpClient http, string key) => http.GetStringAsync($"/v1/objects/{key}");
}
