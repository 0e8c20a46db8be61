using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Leasehold.Api.Security;

namespace Leasehold.Api.Tests.Security;

/// <summary>
/// A server with <c>Auth:Mode=ApiKey</c> and the attack's principals: two writers (alice, bob), a reader (auditor), an
/// admin (root), a principal with only the lease role (leaser) and one with only the write role (scribe); faults
/// enabled behind their own admin key.
/// </summary>
public static class SecuredApi
{
    public const string FaultAdminKey = "faults-admin-key-0123456789";

    public static readonly (string Principal, string Key, string[] Roles)[] Principals =
    [
        ("alice", "alice-key-0123456789abcdef", [Roles.Lease, Roles.Write, Roles.Read]),
        ("bob", "bob-key-0123456789abcdef", [Roles.Lease, Roles.Write, Roles.Read]),
        ("auditor", "auditor-key-0123456789abcdef", [Roles.Read]),
        ("root", "root-key-0123456789abcdef", [Roles.Admin]),
        ("leaser", "leaser-key-0123456789abcdef", [Roles.Lease]),
        ("scribe", "scribe-key-0123456789abcdef", [Roles.Write]),
    ];

    public static string KeyOf(string principal) => Principals.Single(p => p.Principal == principal).Key;

    public static string[] Settings(params string[] extra)
    {
        var settings = new List<string> { "--Auth:Mode=ApiKey", "--Faults:Enabled=true", $"--Faults:AdminKey={FaultAdminKey}" };
        for (var i = 0; i < Principals.Length; i++)
        {
            settings.Add($"--Auth:Keys:{i}:Principal={Principals[i].Principal}");
            settings.Add($"--Auth:Keys:{i}:Sha256={Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Principals[i].Key)))}");
            settings.AddRange(Principals[i].Roles.Select((role, r) => $"--Auth:Keys:{i}:Roles:{r}={role}"));
        }

        return [.. settings, .. extra];
    }

    public static Task<ApiServer> StartAsync(params string[] extra) => ApiServer.StartAsync(settings: Settings(extra));

    public static async Task<HttpResponseMessage> SendAsync(this ApiServer server, string? key, HttpMethod method, string path, object? body = null, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Fencing-Token", token);
        }

        return await server.Client.SendAsync(request);
    }

    public static async Task<LeaseBody> AcquireAsAsync(this ApiServer server, string principal, string resource, object? body = null)
    {
        using var response = await server.SendAsync(KeyOf(principal), HttpMethod.Post, $"/v1/leases/{resource}/acquire", body ?? new { ttlMs = 600_000 });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<LeaseBody>())!;
    }

    public static async Task<HttpResponseMessage> PutAsAsync(this ApiServer server, string principal, string key, string token, string text)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/objects/{key}") { Content = new StringContent(text) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", KeyOf(principal));
        request.Headers.TryAddWithoutValidation("Fencing-Token", token);
        return await server.Client.SendAsync(request);
    }
}
