using System.Net;
using System.Net.Http.Headers;

namespace Leasehold.Api.Tests.Security;

/// <summary>The Bearer scheme as RFC 7235 spells it, and strangers throttled by address.</summary>
public sealed class AuthenticationTests
{
    [Theory]
    [InlineData("Bearer")]
    [InlineData("bearer")]
    [InlineData("BEARER")]
    [InlineData("bEaReR")]
    public async Task The_scheme_word_is_matched_in_any_case(string scheme)
    {
        await using var server = await SecuredApi.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/leases/any-case");
        request.Headers.TryAddWithoutValidation("Authorization", $"{scheme} {SecuredApi.KeyOf("alice")}");

        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("Basic {0}")]
    [InlineData("Bearer{0}")]
    [InlineData("Bearer {0}x")]
    [InlineData("{0}")]
    [InlineData("Bearer ")]
    public async Task Anything_but_the_scheme_and_a_configured_key_is_401(string format)
    {
        await using var server = await SecuredApi.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/leases/wrong");
        request.Headers.TryAddWithoutValidation("Authorization", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, SecuredApi.KeyOf("alice")));

        using var response = await server.Client.SendAsync(request);

        await ProblemAssert.IsProblem(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task A_burst_of_wrong_keys_from_one_address_meets_429s_while_a_principal_is_served()
    {
        await using var server = await SecuredApi.StartAsync();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 300; i++)
        {
            var response = await server.SendAsync($"wrong-key-{i}", HttpMethod.Get, "/v1/leases");
            statuses.Add(response.StatusCode);
            if (refused is null && response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                response.Dispose();
            }
        }

        using var alices = await server.SendAsync(SecuredApi.KeyOf("alice"), HttpMethod.Get, "/v1/leases");

        Assert.NotNull(refused);
        await ProblemAssert.IsProblem(refused, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains(HttpStatusCode.Unauthorized, statuses);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, s.ToString()));
        Assert.Equal(HttpStatusCode.OK, alices.StatusCode);
        refused.Dispose();
    }

    [Fact]
    public async Task With_auth_off_the_admin_key_is_still_needed_for_faults_and_an_admin_api_key_is_not_a_thing()
    {
        await using var server = await ApiServer.StartAsync(settings: ["--Faults:Enabled=true", $"--Faults:AdminKey={SecuredApi.FaultAdminKey}"]);

        using var anonymous = await server.Client.GetAsync("/v1/faults");
        using var withKey = await server.SendAsync(SecuredApi.FaultAdminKey, HttpMethod.Get, "/v1/faults");
        using var leaseWithKey = await server.SendAsync(SecuredApi.FaultAdminKey, HttpMethod.Get, "/v1/leases/open");

        await ProblemAssert.IsProblem(anonymous, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, leaseWithKey.StatusCode);
    }

    [Fact]
    public async Task Error_bodies_do_not_name_internal_types()
    {
        await using var server = await ApiServer.StartAsync();
        string[] bodies = ["[1,2,3]", """{"holder":"a","ttlMs":"soon"}""", """{"holder":{"x":1},"ttlMs":1000}""", "{"];

        foreach (var body in bodies)
        {
            using var response = await server.Client.PostAsync("/v1/leases/types/acquire", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();

            await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation");
            Assert.DoesNotContain("Leasehold.", text, StringComparison.Ordinal);
            Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
            Assert.DoesNotContain("AcquireRequest", text, StringComparison.Ordinal);
        }

        using var query = await server.Client.GetAsync("/v1/leases?limit=many");
        Assert.DoesNotContain("Int32", await query.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_with_an_altered_holder_is_an_invalid_token_not_a_question_of_whose_it_is()
    {
        await using var server = await SecuredApi.StartAsync();
        var alices = await server.AcquireAsAsync("alice", "altered");
        var signature = alices.Token[(alices.Token.LastIndexOf('.') + 1)..];
        var claims = Leasehold.Grains.FencingToken.TryDecode(alices.Token, out var token, out _, out _, out _) ? token : null;
        var altered = $"{(claims! with { Holder = "bob" }).SignedText()}.{signature}";

        using var byBob = await server.PutAsAsync("bob", "altered.txt", altered, "bob's now");

        await ProblemAssert.IsProblem(byBob, HttpStatusCode.Forbidden, "invalid-fencing-token");
    }

    [Fact]
    public async Task Two_authorization_headers_are_refused()
    {
        await using var server = await SecuredApi.StartAsync();
        var (status, _, body) = await RawHttp.SendAsync(server.Client.BaseAddress!, "GET", "/v1/leases/two",
            $"Bearer {SecuredApi.KeyOf("alice")}\r\nAuthorization: Bearer {SecuredApi.KeyOf("root")}", null, null);

        Assert.Equal(401, status);
        Assert.Contains("urn:leasehold:problem:unauthorized", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_prometheus_endpoint_needs_a_key_with_the_read_role()
    {
        await using var server = await SecuredApi.StartAsync("--Telemetry:Prometheus:Enabled=true");

        using var anonymous = await server.Client.GetAsync("/metrics");
        using var writerOnly = await server.SendAsync(SecuredApi.KeyOf("scribe"), HttpMethod.Get, "/metrics");
        using var reader = await server.SendAsync(SecuredApi.KeyOf("auditor"), HttpMethod.Get, "/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, writerOnly.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reader.StatusCode);
    }
}
