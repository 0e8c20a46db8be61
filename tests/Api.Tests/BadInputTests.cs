using System.Net;
using System.Text;

namespace Leasehold.Api.Tests;

/// <summary>Every malformed request is a 4xx problem, never a 5xx, and changes nothing.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class BadInputTests(SharedServer shared)
{
    private readonly ApiServer _server = shared.Server;

    public static TheoryData<string, string> BadAcquireBodies => new()
    {
        { "empty holder", """{"holder":"","ttlMs":1000}""" },
        { "blank holder", """{"holder":"   ","ttlMs":1000}""" },
        { "missing holder", """{"ttlMs":1000}""" },
        { "control character in holder", """{"holder":"a\u0007b","ttlMs":1000}""" },
        { "holder too long", $$"""{"holder":"{{new string('h', 201)}}","ttlMs":1000}""" },
        { "missing ttl", """{"holder":"a"}""" },
        { "ttl below minimum", """{"holder":"a","ttlMs":99}""" },
        { "ttl above maximum", """{"holder":"a","ttlMs":3600001}""" },
        { "negative ttl", """{"holder":"a","ttlMs":-5}""" },
        { "negative wait", """{"holder":"a","ttlMs":1000,"waitMs":-1}""" },
        { "wait above maximum", """{"holder":"a","ttlMs":1000,"waitMs":86400000}""" },
        { "ttl not a number", """{"holder":"a","ttlMs":"soon"}""" },
        { "ttl overflows", """{"holder":"a","ttlMs":99999999999999999999999}""" },
        { "malformed json", """{"holder":"a","ttlMs":10""" },
        { "json array", """[1,2,3]""" },
        { "json null", "null" },
    };

    [Theory]
    [MemberData(nameof(BadAcquireBodies))]
    public async Task A_bad_acquire_body_is_400_validation(string why, string body)
    {
        var resource = $"bad-{Guid.NewGuid():N}";
        using var response = await _server.Client.PostAsync($"/v1/leases/{resource}/acquire", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation");
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail), why);
        Assert.Contains("\"fence\":0", await _server.Client.GetStringAsync($"/v1/leases/{resource}"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("has%20space")]
    [InlineData("slash%2Fin")]
    [InlineData("%C3%A9t%C3%A9")]
    [InlineData("semi;colon")]
    [InlineData("201")]
    public async Task A_bad_resource_name_is_400_on_every_route(string name)
    {
        var resource = name == "201" ? new string('r', 201) : name;
        var json = new StringContent("""{"holder":"a","ttlMs":1000,"leaseId":"x"}""", Encoding.UTF8, "application/json");
        var lease = new StringContent("""{"leaseId":"x"}""", Encoding.UTF8, "application/json");

        HttpResponseMessage[] responses =
        [
            await _server.Client.PostAsync($"/v1/leases/{resource}/acquire", json),
            await _server.Client.PostAsync($"/v1/leases/{resource}/renew", lease),
            await _server.Client.PostAsync($"/v1/leases/{resource}/release", lease),
            await _server.Client.GetAsync($"/v1/leases/{resource}"),
            await _server.PutObjectAsync(resource, "lh1.k1.AAAA.AAAA", "x"),
            await _server.Client.GetAsync($"/v1/objects/{resource}"),
        ];

        foreach (var response in responses)
        {
            using (response)
            {
                await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation");
            }
        }
    }

    [Theory]
    [InlineData("renew", """{"leaseId":""}""")]
    [InlineData("renew", """{}""")]
    [InlineData("renew", """{"leaseId":"abc","ttlMs":5}""")]
    [InlineData("release", """{"leaseId":""}""")]
    [InlineData("release", """{"leaseId":7}""")]
    [InlineData("release", """not json""")]
    public async Task A_bad_renew_or_release_body_is_400_validation(string route, string body)
    {
        using var response = await _server.Client.PostAsync($"/v1/leases/res-{Guid.NewGuid():N}/{route}", new StringContent(body, Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415_with_a_problem()
    {
        using var response = await _server.Client.PostAsync("/v1/leases/r/acquire", new StringContent("holder=a", Encoding.UTF8, "text/plain"));

        await ProblemAssert.IsProblem(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    /// <summary>Every route that reads a JSON body, with a body each would otherwise accept or refuse on its content.</summary>
    public static TheoryData<string, string, string> JsonRoutesInForeignCharsets()
    {
        var routes = new (string Path, string Body)[]
        {
            ("/v1/leases/charset/acquire", """{"holder":"a","ttlMs":1000}"""),
            ("/v1/leases/charset/renew", """{"leaseId":"00","ttlMs":1000}"""),
            ("/v1/leases/charset/release", """{"leaseId":"00"}"""),
            ("/v1/sessions", """{"holder":"p","ttlMs":"1000"}"""),
            ("/v1/sessions", """{"holder":"p","ttlMs":1000}"""),
            ("/v1/elections/charset/campaign", """{"candidate":"a","ttlMs":1000}"""),
            ("/v1/elections/charset/proclaim", """{"leaseId":"00","value":"v"}"""),
            ("/v1/elections/charset/resign", """{"leaseId":"00"}"""),
        };
        var data = new TheoryData<string, string, string>();
        foreach (var charset in (string[])["utf-7", "no-such-charset"])
        {
            foreach (var (path, body) in routes)
            {
                data.Add(path, body, charset);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(JsonRoutesInForeignCharsets))]
    public async Task A_json_body_in_a_charset_other_than_utf8_is_415_with_a_problem(string path, string body, string charset)
    {
        using var content = new StringContent(body);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse($"application/json; charset={charset}");

        using var response = await _server.Client.PostAsync(path, content);

        await ProblemAssert.IsProblem(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [Theory]
    [InlineData("/v1/sessions", "application/json; charset=utf-7")]
    [InlineData("/v1/leases/oversized/acquire", "application/json; charset=no-such-charset")]
    [InlineData("/v1/elections/oversized/resign", "application/json")]
    public async Task A_json_body_past_the_limit_that_is_refused_unread_says_its_connection_closes(string path, string mediaType)
    {
        // Kestrel ends the connection after such an answer (it cannot drain a body past the limit); unsaid, a client
        // sends its next request down the closing connection and sees "the response ended prematurely".
        using var content = new StringContent($$"""{"holder":"{{new string('h', 70_000)}}","ttlMs":1000}""");
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(mediaType);

        using var refused = await _server.Client.PostAsync(path, content);
        using var next = await _server.Client.GetAsync("/v1/leases/oversized");

        Assert.True((int)refused.StatusCode is >= 400 and < 500, $"{(int)refused.StatusCode}");
        Assert.True(refused.Headers.ConnectionClose, "the answer must say that its connection closes");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Headers_beyond_the_servers_32_KiB_limit_are_refused_with_431()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/leases/limits");
        request.Headers.TryAddWithoutValidation("Fencing-Token", new string('t', 40 * 1024));

        using var response = await _server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_route_is_404_and_a_wrong_method_405_both_problems()
    {
        using var unknown = await _server.Client.GetAsync("/v1/nothing-here");
        using var wrongMethod = await _server.Client.DeleteAsync("/v1/cluster");

        await ProblemAssert.IsProblem(unknown, HttpStatusCode.NotFound, "not-found");
        await ProblemAssert.IsProblem(wrongMethod, HttpStatusCode.MethodNotAllowed, "method-not-allowed");
    }

    [Fact]
    public async Task A_fencing_token_header_sent_twice_is_400()
    {
        // HttpClient folds repeated headers into one line; a raw request sends two.
        var address = _server.Client.BaseAddress!;
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        var request = $"PUT /v1/objects/obj-{Guid.NewGuid():N} HTTP/1.1\r\nHost: {address.Authority}\r\nFencing-Token: lh1.a.b.c\r\n" +
                      "Fencing-Token: lh1.d.e.f\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var reply = await reader.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 400", reply, StringComparison.Ordinal);
        Assert.Contains("urn:leasehold:problem:validation", reply, StringComparison.Ordinal);
    }
}
