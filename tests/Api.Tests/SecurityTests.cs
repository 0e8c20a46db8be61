using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Leasehold.Api.Security;
using Leasehold.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Leasehold.Api.Tests;

/// <summary>
/// With <c>Auth:Mode=ApiKey</c>: who is calling (401 otherwise), what their role allows (403), that a lease belongs
/// to the principal that took it even for someone who knows its id (403), that tokens are used only by their own
/// principal (403), and that floods are refused (429 with Retry-After).
/// </summary>
public sealed class SecurityTests
{
    private static readonly (string Principal, string Key, string[] Roles)[] Keys =
    [
        ("alice", "alice-key-0123456789abcdef", [Roles.Lease, Roles.Write, Roles.Read]),
        ("bob", "bob-key-0123456789abcdef", [Roles.Lease, Roles.Write, Roles.Read]),
        ("auditor", "auditor-key-0123456789abcdef", [Roles.Read]),
    ];

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    public async Task A_request_without_a_valid_key_is_401_with_a_challenge(string? key)
    {
        await using var server = await StartAsync();

        using var response = await Send(server, key, HttpMethod.Post, "/v1/leases/orders/acquire", new { ttlMs = 10_000 });

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task A_second_principal_cannot_renew_or_release_the_first_ones_lease_even_knowing_its_id()
    {
        await using var server = await StartAsync();
        var lease = await AcquireAsync(server, "alice-key-0123456789abcdef", new { ttlMs = 60_000 });

        using var renew = await Send(server, "bob-key-0123456789abcdef", HttpMethod.Post, "/v1/leases/orders/renew", new { leaseId = lease.LeaseId });
        using var release = await Send(server, "bob-key-0123456789abcdef", HttpMethod.Post, "/v1/leases/orders/release", new { leaseId = lease.LeaseId });
        using var state = await Send(server, "bob-key-0123456789abcdef", HttpMethod.Get, "/v1/leases/orders", null);
        using var ownRelease = await Send(server, "alice-key-0123456789abcdef", HttpMethod.Post, "/v1/leases/orders/release", new { leaseId = lease.LeaseId });

        Assert.Equal("alice", lease.Holder);
        await ProblemAssert.IsProblem(renew, HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.IsProblem(release, HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("\"holder\":\"alice\"", await state.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, ownRelease.StatusCode);
    }

    [Theory]
    [InlineData("bob", HttpStatusCode.Forbidden)]
    [InlineData("alicent", HttpStatusCode.Forbidden)]
    [InlineData("alice/worker-1", HttpStatusCode.OK)]
    public async Task A_principal_holds_leases_only_under_its_own_name(string holder, HttpStatusCode expected)
    {
        await using var server = await StartAsync();

        using var response = await Send(server, "alice-key-0123456789abcdef", HttpMethod.Post, "/v1/leases/orders/acquire", new { holder, ttlMs = 10_000 });

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Fenced_writes_need_the_write_role_and_a_token_of_ones_own_lease()
    {
        await using var server = await StartAsync();
        var alices = await AcquireAsync(server, "alice-key-0123456789abcdef", new { ttlMs = 60_000 });

        using var byBob = await Put(server, "bob-key-0123456789abcdef", alices.Token);
        using var byAuditor = await Put(server, "auditor-key-0123456789abcdef", alices.Token);
        using var byAlice = await Put(server, "alice-key-0123456789abcdef", alices.Token);
        using var read = await Send(server, "auditor-key-0123456789abcdef", HttpMethod.Get, "/v1/objects/orders.txt", null);

        await ProblemAssert.IsProblem(byBob, HttpStatusCode.Forbidden, "forbidden");
        await ProblemAssert.IsProblem(byAuditor, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.OK, byAlice.StatusCode);
        Assert.Equal("written by its holder", await read.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_flood_from_one_principal_is_refused_with_429_and_Retry_After_while_others_are_served()
    {
        await using var server = await StartAsync("--Auth:RequestsPerSecond=5", "--Auth:Burst=5");

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 30 && refused is null; i++)
        {
            var response = await Send(server, "alice-key-0123456789abcdef", HttpMethod.Get, "/v1/leases/orders", null);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                response.Dispose();
            }
        }

        using var bobs = await Send(server, "bob-key-0123456789abcdef", HttpMethod.Get, "/v1/leases/orders", null);

        Assert.NotNull(refused);
        await ProblemAssert.IsProblem(refused, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, bobs.StatusCode);
        refused.Dispose();
    }

    [Fact]
    public async Task With_auth_off_callers_are_not_throttled_as_one_because_nobody_is_told_apart()
    {
        // Every client on this machine shares 127.0.0.1: a per-address bucket would make them one flooder.
        await using var server = await ApiServer.StartAsync(settings: ["--Auth:RequestsPerSecond=5", "--Auth:Burst=5"]);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            using var response = await server.Client.GetAsync("/v1/leases/orders");
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://+:5080", false)]
    [InlineData("http://[::]:5080", false)]
    [InlineData("https://10.1.2.3:443", false)]
    public void Addresses_beyond_loopback_are_recognised_for_the_start_warning(string address, bool loopback)
    {
        Assert.Equal(loopback, SecurityStartupCheck.IsLoopback(address));
    }

    [Fact]
    public async Task The_api_serves_https_with_a_configured_certificate()
    {
        using var database = new TempDatabase();
        var certificate = Path.Combine(database.Folder, "api.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using var self = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(1));
            await File.WriteAllBytesAsync(certificate, self.Export(X509ContentType.Pfx, "test-password"));
        }

        await using var app = LeaseholdApi.Build(
        [
            "--urls", "https://127.0.0.1:0", $"--Storage:ConnectionString={database.ConnectionString}", "--Cluster:SiloPort=0",
            $"--Kestrel:Certificates:Default:Path={certificate}", "--Kestrel:Certificates:Default:Password=test-password",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Subject == "CN=127.0.0.1" };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(address) };

        using var response = await http.GetAsync("/health/live");

        Assert.StartsWith("https://", address, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await app.StopAsync();
    }

    private static Task<ApiServer> StartAsync(params string[] extra)
    {
        var settings = new List<string> { "--Auth:Mode=ApiKey" };
        for (var i = 0; i < Keys.Length; i++)
        {
            settings.Add($"--Auth:Keys:{i}:Principal={Keys[i].Principal}");
            settings.Add($"--Auth:Keys:{i}:Sha256={Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Keys[i].Key)))}");
            settings.AddRange(Keys[i].Roles.Select((role, r) => $"--Auth:Keys:{i}:Roles:{r}={role}"));
        }

        return ApiServer.StartAsync(settings: [.. settings, .. extra]);
    }

    private static async Task<HttpResponseMessage> Send(ApiServer server, string? key, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return await server.Client.SendAsync(request);
    }

    private static async Task<LeaseBody> AcquireAsync(ApiServer server, string key, object body)
    {
        using var response = await Send(server, key, HttpMethod.Post, "/v1/leases/orders/acquire", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<LeaseBody>())!;
    }

    private static async Task<HttpResponseMessage> Put(ApiServer server, string key, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/v1/objects/orders.txt") { Content = new StringContent("written by its holder") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.TryAddWithoutValidation("Fencing-Token", token);
        return await server.Client.SendAsync(request);
    }
}
