using System.Net;
using System.Text.Json;
using Leasehold.Api.Security;

namespace Leasehold.Api.Tests.Security;

/// <summary>
/// Roles are enforced by policies on every route: the table below says which role each operation needs, it must cover
/// every operation of the served OpenAPI document, and every principal lacking that role gets 403 <c>forbidden</c> on
/// it (and nothing happens: not even the kill route kills).
/// </summary>
public sealed class RolePolicyTests : IAsyncLifetime
{
    private const string FaultKey = "(fault admin key)";

    /// <summary>The role each operation needs; <see cref="Roles.Admin"/> routes also admit <c>Faults:AdminKey</c>.</summary>
    private static readonly Dictionary<(string Method, string Path), string> Needs = new()
    {
        [("POST", "/v1/leases/{resource}/acquire")] = Roles.Lease,
        [("POST", "/v1/leases/{resource}/renew")] = Roles.Lease,
        [("POST", "/v1/leases/{resource}/release")] = Roles.Lease,
        [("GET", "/v1/leases/{resource}")] = Roles.Lease,
        [("GET", "/v1/leases")] = Roles.Lease,
        [("POST", "/v1/elections/{name}/campaign")] = Roles.Lease,
        [("POST", "/v1/elections/{name}/proclaim")] = Roles.Lease,
        [("POST", "/v1/elections/{name}/resign")] = Roles.Lease,
        [("GET", "/v1/elections/{name}/leader")] = Roles.Lease,
        [("POST", "/v1/semaphores/{name}/acquire")] = Roles.Lease,
        [("POST", "/v1/semaphores/{name}/renew")] = Roles.Lease,
        [("POST", "/v1/semaphores/{name}/release")] = Roles.Lease,
        [("GET", "/v1/semaphores/{name}")] = Roles.Lease,
        [("POST", "/v1/sessions")] = Roles.Lease,
        [("POST", "/v1/sessions/{sessionId}/keepalive")] = Roles.Lease,
        [("DELETE", "/v1/sessions/{sessionId}")] = Roles.Lease,
        [("GET", "/v1/sessions/{sessionId}")] = Roles.Lease,
        [("GET", "/v1/stats")] = Roles.Read,
        [("GET", "/v1/cluster")] = Roles.Read,
        [("PUT", "/v1/objects/{key}")] = Roles.Write,
        [("GET", "/v1/objects/{key}")] = Roles.Read,
        [("DELETE", "/v1/objects/{key}")] = Roles.Write,
        [("GET", "/v1/objects")] = Roles.Read,
        [("GET", "/v1/leases/{resource}/watch")] = Roles.Lease,
        [("GET", "/v1/objects/{key}/watch")] = Roles.Read,
        [("GET", "/v1/faults")] = Roles.Admin,
        [("POST", "/v1/faults/pause")] = Roles.Admin,
        [("POST", "/v1/faults/resume")] = Roles.Admin,
        [("POST", "/v1/faults/network")] = Roles.Admin,
        [("DELETE", "/v1/faults/network")] = Roles.Admin,
        [("POST", "/v1/faults/clock")] = Roles.Admin,
        [("POST", "/v1/faults/kill")] = Roles.Admin,
    };

    private ApiServer _server = null!;

    public async Task InitializeAsync() => _server = await SecuredApi.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_role_table_covers_every_operation_of_the_openapi_document()
    {
        using var document = JsonDocument.Parse(await _server.Client.GetStringAsync("/openapi/v1.json"));
        var operations = document.RootElement.GetProperty("paths").EnumerateObject()
            .Where(p => !p.Name.StartsWith("/health/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (o.Name.ToUpperInvariant(), p.Name)))
            .ToHashSet();

        Assert.Equal(Needs.Keys.OrderBy(k => k.Path).ThenBy(k => k.Method), operations.OrderBy(k => k.Item2).ThenBy(k => k.Item1));
    }

    [Fact]
    public async Task Every_route_answers_403_to_every_principal_lacking_its_role()
    {
        var callers = SecuredApi.Principals.Select(p => (p.Principal, p.Key, Roles: (IReadOnlyCollection<string>)p.Roles))
            .Append((FaultKey, SecuredApi.FaultAdminKey, Roles: ["faults"]))
            .ToList();
        var failures = new List<string>();
        var refusals = 0;
        foreach (var ((method, path), role) in Needs)
        {
            foreach (var (principal, key, roles) in callers.Where(c => !May(c.Roles, role)))
            {
                var target = path.Replace("{resource}", "policy", StringComparison.Ordinal).Replace("{key}", "policy.txt", StringComparison.Ordinal).Replace("{name}", "policy", StringComparison.Ordinal)
                    .Replace("{sessionId}", "0123456789abcdef0123456789abcdef", StringComparison.Ordinal);
                using var response = await _server.SendAsync(key, new HttpMethod(method), target, new { });
                var text = await response.Content.ReadAsStringAsync();
                refusals++;
                if (response.StatusCode != HttpStatusCode.Forbidden || !text.Contains("urn:leasehold:problem:forbidden", StringComparison.Ordinal))
                {
                    failures.Add($"{principal} {method} {target}: {(int)response.StatusCode} {text}");
                }
            }
        }

        using var alive = await _server.Client.GetAsync("/health/live");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(refusals > Needs.Count, $"only {refusals} refusals tried");
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Theory]
    [InlineData("alice", "GET", "/v1/leases/policy")]
    [InlineData("leaser", "GET", "/v1/leases")]
    [InlineData("auditor", "GET", "/v1/cluster")]
    [InlineData("auditor", "GET", "/v1/stats")]
    [InlineData("root", "GET", "/v1/leases/policy")]
    [InlineData("root", "GET", "/v1/faults")]
    [InlineData("scribe", "PUT", "/v1/objects/policy.txt")]
    [InlineData("scribe", "DELETE", "/v1/objects/policy.txt")]
    [InlineData("auditor", "GET", "/v1/objects?prefix=policy")]
    public async Task A_principal_with_the_role_is_let_through(string principal, string method, string path)
    {
        using var response = await _server.SendAsync(SecuredApi.KeyOf(principal), new HttpMethod(method), path);
        var text = await response.Content.ReadAsStringAsync();

        // Past authorization: a success, or the route's own answer (the write here lacks its token: 428).
        Assert.True(response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.PreconditionRequired, $"{(int)response.StatusCode} {text}");
    }

    [Fact]
    public async Task The_fault_admin_key_injects_faults_with_api_keys_on_but_takes_no_lease()
    {
        using var faults = await _server.SendAsync(SecuredApi.FaultAdminKey, HttpMethod.Get, "/v1/faults");
        using var acquire = await _server.SendAsync(SecuredApi.FaultAdminKey, HttpMethod.Post, "/v1/leases/policy/acquire", new { ttlMs = 10_000 });

        Assert.Equal(HttpStatusCode.OK, faults.StatusCode);
        await ProblemAssert.IsProblem(acquire, HttpStatusCode.Forbidden, "forbidden");
    }

    private static bool May(IReadOnlyCollection<string> roles, string role) =>
        roles.Contains(role) || roles.Contains(Roles.Admin) || (role == Roles.Admin && roles.Contains("faults"));
}
