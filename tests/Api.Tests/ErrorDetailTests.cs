using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Leasehold.Api.Tests;

/// <summary>
/// Every refusal says what was wrong and what to send instead, in the API's words: no internal type or parameter
/// name, one errors entry per field, and the line and byte where a JSON body broke.
/// </summary>
[Collection(SharedServerCollection.Name)]
public sealed class ErrorDetailTests(SharedServer shared)
{
    private readonly ApiServer _server = shared.Server;

    [Fact]
    public async Task An_unknown_route_says_which_request_missed_and_where_the_routes_are_listed()
    {
        using var response = await _server.Client.GetAsync("/v1/nothing-here");

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "not-found");
        Assert.Contains("GET /v1/nothing-here", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("/openapi/v1.json", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_method_names_the_methods_to_send_in_the_detail_and_the_allow_header()
    {
        using var response = await _server.Client.DeleteAsync("/v1/cluster");

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.MethodNotAllowed, "method-not-allowed");
        Assert.Contains("GET", response.Content.Headers.Allow);
        Assert.Contains("DELETE is not allowed on /v1/cluster; send GET", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_of_the_wrong_media_type_is_told_to_send_application_json()
    {
        using var response = await _server.Client.PostAsync("/v1/leases/media/acquire", new StringContent("holder=a", Encoding.UTF8, "text/plain"));

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        Assert.Contains("Content-Type: application/json", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("text/plain", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_json_body_over_the_limit_is_413_naming_the_limit()
    {
        var body = $$"""{"holder":"{{new string('h', 70_000)}}","ttlMs":1000}""";

        using var response = await _server.Client.PostAsync("/v1/leases/huge/acquire", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        Assert.Contains("at most 65536 bytes", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_object_over_the_limit_is_413_naming_the_limit()
    {
        var lease = await _server.AcquireOkAsync($"big-{Guid.NewGuid():N}", "big");

        using var response = await _server.PutObjectAsync($"big-{Guid.NewGuid():N}", lease.Token, new string('x', 1024 * 1024 + 1));

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        Assert.Contains("at most 1048576 bytes", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_says_where_it_broke_and_the_shape_to_send()
    {
        using var response = await PostJsonAsync("acquire", "{\"holder\":\"a\",\n\"ttlMs\":10");

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation");
        Assert.Contains("line 2, byte", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("{\"holder\": \"text\", \"ttlMs\": number, \"waitMs\": number, \"sessionId\": \"text\", \"mode\": \"text\"}", problem.Detail, StringComparison.Ordinal);
        AssertNoInternalNames(problem.Detail);
    }

    [Theory]
    [InlineData("acquire", """{"holder":"a","ttlMs":"1000"}""", "ttlMs")]
    [InlineData("acquire", """{"holder":"a","ttlMs":true}""", "ttlMs")]
    [InlineData("acquire", """{"holder":"a","ttlMs":1000,"waitMs":"5"}""", "waitMs")]
    [InlineData("acquire", """{"holder":"a","ttlMs":99999999999999999999999}""", "ttlMs")]
    [InlineData("renew", """{"leaseId":"x","ttlMs":"1000"}""", "ttlMs")]
    public async Task A_number_sent_as_anything_else_is_400_saying_it_must_be_a_number(string route, string body, string member)
    {
        using var response = await PostJsonAsync(route, body);

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation");
        Assert.StartsWith($"{member} must be a whole number", problem.Detail, StringComparison.Ordinal);
        AssertNoInternalNames(problem.Detail);
    }

    [Fact]
    public async Task A_null_where_a_required_number_belongs_is_400_saying_it_is_required()
    {
        using var response = await PostJsonAsync("acquire", """{"holder":"a","ttlMs":null}""");

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation");
        Assert.Equal("ttlMs is required.", problem.Detail);
    }

    [Fact]
    public async Task A_text_where_text_belongs_but_a_number_is_sent_is_400_saying_it_must_be_text()
    {
        using var response = await PostJsonAsync("release", """{"leaseId":7}""");

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation");
        Assert.StartsWith("leaseId must be text in double quotes", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_member_is_refused_naming_it_so_a_typo_is_caught()
    {
        using var response = await PostJsonAsync("acquire", """{"holder":"a","ttl":1000}""");

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation");
        Assert.Contains("member 'ttl' that this route does not take", problem.Detail, StringComparison.Ordinal);
        AssertNoInternalNames(problem.Detail);
    }

    [Fact]
    public async Task A_body_that_is_not_an_object_is_told_to_send_one()
    {
        using var response = await PostJsonAsync("acquire", "[1,2,3]");

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation");
        Assert.StartsWith("The body must be one JSON object", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_invalid_fields_get_one_errors_entry_each_and_a_detail_that_keeps_them_apart()
    {
        using var response = await PostJsonAsync("acquire", """{"holder":"","ttlMs":5}""");

        var text = await response.Content.ReadAsStringAsync();
        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation");
        using var json = JsonDocument.Parse(text);
        var errors = json.RootElement.GetProperty("errors");
        Assert.Equal(["holder", "ttlMs"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Single(errors.GetProperty("ttlMs").EnumerateArray());
        Assert.Equal(
            "2 values are not valid: holder is required: 1–200 characters, no control characters; ttlMs must be from 100 to 3600000 milliseconds.",
            problem.Detail);
    }

    [Fact]
    public async Task A_query_value_of_the_wrong_kind_names_the_value_not_the_parameter_binding()
    {
        using var response = await _server.Client.GetAsync("/v1/leases?limit=many");

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation");
        Assert.Equal("limit must be a whole number; 'many' is not.", problem.Detail);
    }

    [Fact]
    public async Task Json_answers_and_problems_end_with_a_newline_and_keep_their_length_right()
    {
        using var ok = await _server.Client.GetAsync("/v1/cluster");
        using var problem = await _server.Client.GetAsync("/v1/nothing-here");
        using var validation = await PostJsonAsync("acquire", """{"holder":"","ttlMs":5}""");

        foreach (var response in new[] { ok, problem, validation })
        {
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal((byte)'\n', bytes[^1]);
            Assert.NotEqual((byte)'\n', bytes[^2]);
            if (response.Content.Headers.ContentLength is { } length)
            {
                Assert.Equal(bytes.Length, length);
            }
        }
    }

    [Fact]
    public async Task A_head_request_and_a_204_get_no_newline()
    {
        using var head = await _server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/v1/cluster"));
        var lease = await _server.AcquireOkAsync($"nl-{Guid.NewGuid():N}", "nl");
        using var released = await _server.Client.PostAsJsonAsync($"/v1/leases/{lease.Resource}/release", new { leaseId = lease.LeaseId });

        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NoContent, released.StatusCode);
        Assert.Empty(await released.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_object_is_not_an_answer_in_json_so_its_bytes_are_returned_as_written()
    {
        var lease = await _server.AcquireOkAsync($"raw-{Guid.NewGuid():N}", "raw");
        var key = $"raw-{Guid.NewGuid():N}";
        using (var put = await _server.PutObjectAsync(key, lease.Token, "no newline"))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        Assert.Equal("no newline", await _server.Client.GetStringAsync($"/v1/objects/{key}"));
    }

    private Task<HttpResponseMessage> PostJsonAsync(string route, string body) =>
        _server.Client.PostAsync($"/v1/leases/detail-{Guid.NewGuid():N}/{route}", new StringContent(body, Encoding.UTF8, "application/json"));

    internal static void AssertNoInternalNames(string? detail)
    {
        Assert.False(string.IsNullOrWhiteSpace(detail));
        foreach (var word in InternalWords)
        {
            Assert.DoesNotContain(word, detail, StringComparison.Ordinal);
        }
    }

    /// <summary>Words that tell a stranger about the code instead of their request.</summary>
    internal static readonly string[] InternalWords =
        ["Leasehold.", "System.", "Microsoft.", "Failed to read parameter", "Failed to bind parameter", "parameter \"", ".NET", "AcquireRequest", "RenewRequest", "ReleaseRequest"];
}
