using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;

namespace Leasehold.Api.Tests.Security;

/// <summary>
/// The attack's critical hole: routing ignores case and decodes escapes, so a key check on the path's spelling let
/// <c>/V1/leases</c> and <c>/%561/leases</c> through. Over every protected route in the OpenAPI document, spelt with
/// random case, percent-encoding, dot segments, doubled and trailing slashes, and sent without a valid key: every answer
/// is 401 <c>unauthorized</c>, and nothing — the lease, its object, the faults — has changed.
/// </summary>
public sealed class PathSpellingProperties : IAsyncLifetime
{
    private const string Resource = "target";
    private const string Key = "target.txt";
    private static readonly string[] AnonymousPaths = ["/health/live", "/health/ready"];
    private ApiServer _server = null!;

    public async Task InitializeAsync() =>
        // Strangers are not throttled here, so every answer shows authentication, not the rate limit.
        _server = await SecuredApi.StartAsync("--Auth:UnauthenticatedRequestsPerSecond=0");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task No_spelling_of_a_protected_route_gets_in_without_a_key_and_nothing_changes()
    {
        var lease = await _server.AcquireAsAsync("alice", Resource);
        using (var seed = await _server.PutAsAsync("alice", Key, lease.Token, "before"))
        {
            Assert.True(seed.IsSuccessStatusCode, await seed.Content.ReadAsStringAsync());
        }

        var routes = await ProtectedRoutesAsync();
        var credentials = Gen.Elements<string?>(
            null, "Bearer wrong-key-wrong-key", "bearer wrong-key-wrong-key", "BEARER ", "Basic YWxpY2U6cGFzc3dvcmQ=",
            "Bearer " + SecuredApi.KeyOf("alice")[..^1], "Bearer  " + SecuredApi.KeyOf("alice") + "x", "Bearer" + SecuredApi.KeyOf("alice"),
            SecuredApi.KeyOf("alice"));
        var spellings =
            from route in Gen.Elements(routes.ToArray())
            from choices in Gen.Choose(0, 9_999).ArrayOf()
            from authorization in credentials
            select (Route: route, Target: Spell(route.Path, choices), Authorization: authorization);

        var before = await SnapshotAsync();
        var failures = new List<string>();
        foreach (var (route, target, authorization) in Gen.Sample(spellings, 400))
        {
            var (status, _, body) = await RawHttp.SendAsync(_server.Client.BaseAddress!, route.Method, target, authorization,
                route.Path.StartsWith("/v1/objects", StringComparison.Ordinal) ? lease.Token : null, BodyFor(route.Path, lease));
            if (status != 401 || !body.Contains("urn:leasehold:problem:unauthorized", StringComparison.Ordinal))
            {
                failures.Add($"{route.Method} {target} [{authorization}] answered {status}: {body[..Math.Min(body.Length, 200)]}");
            }

            var after = await SnapshotAsync();
            if (after != before)
            {
                failures.Add($"{route.Method} {target} [{authorization}] changed {before} into {after}");
                before = after;
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
    }

    [Fact]
    public async Task The_routes_left_open_are_only_health_the_document_and_the_dashboard()
    {
        foreach (var path in (string[])[.. AnonymousPaths, "/openapi/v1.json", "/", "/dashboard/dashboard.js"])
        {
            using var response = await _server.Client.GetAsync(path);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
        }

        Assert.NotEmpty(await ProtectedRoutesAsync());
    }

    [Theory]
    [InlineData("/V1/leases")]
    [InlineData("/%561/leases")]
    [InlineData("/v1/leases/")]
    [InlineData("//v1/leases")]
    [InlineData("/v1/./leases")]
    [InlineData("/v1/x/../leases")]
    [InlineData("/v1/%2e/leases")]
    [InlineData("/V1/LEASES/target")]
    [InlineData("/v1/nothing-here")]
    public async Task The_spellings_the_attack_used_are_401(string target)
    {
        var (status, head, _) = await RawHttp.SendAsync(_server.Client.BaseAddress!, "GET", target, null, null, null);

        Assert.Equal(401, status);
        Assert.Contains("WWW-Authenticate: Bearer", head, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A spelling of <paramref name="path"/>: route values kept (their case names another resource), all else varied.</summary>
    private static string Spell(string path, int[] choices)
    {
        var next = 0;
        int Pick(int n) => choices.Length == 0 ? 0 : choices[next++ % choices.Length] % n;
        var text = new StringBuilder();
        foreach (var segment in path.Split('/')[1..])
        {
            text.Append(Pick(8) switch { 0 => "/.", 1 => "/x/..", 2 => "/%2e", 3 => "/%2E/", 4 => "/", _ => string.Empty });
            text.Append('/');
            var isValue = segment is Resource or Key;
            foreach (var c in segment)
            {
                switch (Pick(4))
                {
                    case 1 when !isValue && char.IsAsciiLetter(c):
                        text.Append(char.IsAsciiLetterUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c));
                        break;
                    case 2:
                        text.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
                        break;
                    case 3:
                        text.Append('%').Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                        break;
                    default:
                        text.Append(c);
                        break;
                }
            }
        }

        return Pick(3) == 0 ? text.Append('/').ToString() : text.ToString();
    }

    /// <summary>A body that would do harm if it got through: the holder's own name, its real lease id, a real fault.</summary>
    private static string? BodyFor(string path, LeaseBody lease) => path switch
    {
        _ when path.EndsWith("/acquire", StringComparison.Ordinal) => """{"holder":"alice","ttlMs":3600000}""",
        _ when path.EndsWith("/renew", StringComparison.Ordinal) => $$"""{"leaseId":"{{lease.LeaseId}}","ttlMs":3600000}""",
        _ when path.EndsWith("/release", StringComparison.Ordinal) => $$"""{"leaseId":"{{lease.LeaseId}}"}""",
        "/v1/objects/{key}" => "\"overwritten\"",
        "/v1/faults/pause" => """{"durationMs":60000}""",
        "/v1/faults/network" => """{"to":"127.0.0.1:11112","drop":true}""",
        "/v1/faults/clock" => """{"offsetMs":-30000}""",
        _ => null,
    };

    /// <summary>Every operation of the served OpenAPI document but the health routes, with its route values filled in.</summary>
    private async Task<List<(string Method, string Path)>> ProtectedRoutesAsync()
    {
        using var document = JsonDocument.Parse(await _server.Client.GetStringAsync("/openapi/v1.json"));
        var routes = new List<(string Method, string Path)>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject().Where(p => !AnonymousPaths.Contains(p.Name)))
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                routes.Add((operation.Name.ToUpperInvariant(), path.Name.Replace("{resource}", Resource, StringComparison.Ordinal).Replace("{key}", Key, StringComparison.Ordinal)));
            }
        }

        return routes;
    }

    /// <summary>What a request that got through would have changed, read with the admin's key (remaining time left out).</summary>
    private async Task<string> SnapshotAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/leases/{Resource}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SecuredApi.KeyOf("root"));
        using var lease = await _server.Client.SendAsync(request);
        using var stored = await _server.SendAsync(SecuredApi.KeyOf("root"), HttpMethod.Get, $"/v1/objects/{Key}");
        using var faults = await _server.SendAsync(SecuredApi.FaultAdminKey, HttpMethod.Get, "/v1/faults");
        var leaseText = System.Text.RegularExpressions.Regex.Replace(await lease.Content.ReadAsStringAsync(), "\"remainingMs\":\\d+", string.Empty);
        return $"{leaseText} | {stored.Headers.ETag} {await stored.Content.ReadAsStringAsync()} | {await faults.Content.ReadAsStringAsync()}";
    }
}
