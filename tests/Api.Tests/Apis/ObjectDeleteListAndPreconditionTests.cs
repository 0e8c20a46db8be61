using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Leasehold.Grains;

namespace Leasehold.Api.Tests.Apis;

/// <summary>DELETE, listing and If-Match on /v1/objects: fenced like writes, whole across shards, 4xx problems for bad input.</summary>
[Collection(SharedServerCollection.Name)]
public sealed class ObjectDeleteListAndPreconditionTests(SharedServer shared)
{
    private readonly ApiServer _server = shared.Server;

    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    [Fact]
    public async Task A_delete_with_a_valid_token_answers_the_tombstone_and_a_read_then_says_it_was_deleted()
    {
        var lease = await _server.AcquireOkAsync(NewName("res"), "writer");
        var key = NewName("obj");
        using var put = await _server.PutObjectAsync(key, lease.Token, "hello");

        using var deleted = await DeleteAsync(key, lease.Token);
        using var read = await _server.Client.GetAsync($"/v1/objects/{key}");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(new WriteBody(key, 2, lease.Fence), await deleted.Content.ReadFromJsonAsync<WriteBody>());
        var problem = await ProblemAssert.IsProblem(read, HttpStatusCode.NotFound, "object-not-found");
        Assert.Contains("deleted", problem.Detail, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(await read.Content.ReadAsStringAsync());
        Assert.Equal((true, 2L, lease.Fence), (body.RootElement.GetProperty("deleted").GetBoolean(), body.RootElement.GetProperty("version").GetInt64(), body.RootElement.GetProperty("fence").GetInt64()));
    }

    [Fact]
    public async Task A_delete_with_an_older_fence_is_409_stale_and_the_object_stays()
    {
        var resource = NewName("res");
        var (first, second) = await TwoHoldersAsync(resource);
        var key = NewName("obj");
        using var newer = await _server.PutObjectAsync(key, second.Token, "newer");

        using var stale = await DeleteAsync(key, first.Token);

        var problem = await ProblemAssert.IsProblem(stale, HttpStatusCode.Conflict, "stale-fencing-token");
        Assert.Equal((first.Fence, second.Fence), (problem.Fence, problem.HighestFence));
        Assert.Equal("newer", await _server.Client.GetStringAsync($"/v1/objects/{key}"));
    }

    [Fact]
    public async Task A_stale_writer_cannot_recreate_a_key_a_newer_holder_deleted_but_the_newer_holder_can()
    {
        var resource = NewName("res");
        var (first, second) = await TwoHoldersAsync(resource);
        var key = NewName("obj");
        using var written = await _server.PutObjectAsync(key, first.Token, "v1");
        using var deleted = await DeleteAsync(key, second.Token);

        using var resurrect = await _server.PutObjectAsync(key, first.Token, "back from the dead");
        using var recreate = await _server.PutObjectAsync(key, second.Token, "v3");

        await ProblemAssert.IsProblem(resurrect, HttpStatusCode.Conflict, "stale-fencing-token");
        Assert.Equal(HttpStatusCode.OK, recreate.StatusCode);
        Assert.Equal(3, (await recreate.Content.ReadFromJsonAsync<WriteBody>())!.Version);
        Assert.Equal("v3", await _server.Client.GetStringAsync($"/v1/objects/{key}"));
    }

    [Fact]
    public async Task A_delete_without_a_token_is_428_and_with_a_forged_one_is_403()
    {
        using var missing = await DeleteAsync(NewName("obj"), null);
        using var forged = await DeleteAsync(NewName("obj"), "lh1.k1.AAAA.AAAA");

        await ProblemAssert.IsProblem(missing, HttpStatusCode.PreconditionRequired, "fencing-token-required");
        await ProblemAssert.IsProblem(forged, HttpStatusCode.Forbidden, "invalid-fencing-token");
    }

    [Fact]
    public async Task If_match_on_the_current_version_writes_and_on_an_old_one_is_412_with_the_current_version()
    {
        var lease = await _server.AcquireOkAsync(NewName("res"), "writer");
        var key = NewName("obj");
        using var v1 = await _server.PutObjectAsync(key, lease.Token, "v1");

        using var v2 = await PutAsync(key, lease.Token, "v2", ("If-Match", "\"1\""));
        using var lost = await PutAsync(key, lease.Token, "lost update", ("If-Match", "\"1\""));
        using var deleteOld = await DeleteAsync(key, lease.Token, ("If-Match", "\"1\""));

        Assert.Equal(HttpStatusCode.OK, v2.StatusCode);
        var problem = await ProblemAssert.IsProblem(lost, HttpStatusCode.PreconditionFailed, "version-mismatch");
        Assert.Contains("version 2", problem.Detail, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(await lost.Content.ReadAsStringAsync());
        Assert.Equal(2, body.RootElement.GetProperty("currentVersion").GetInt64());
        await ProblemAssert.IsProblem(deleteOld, HttpStatusCode.PreconditionFailed, "version-mismatch");
        Assert.Equal("v2", await _server.Client.GetStringAsync($"/v1/objects/{key}"));
    }

    [Fact]
    public async Task If_none_match_star_creates_once_and_again_after_a_delete()
    {
        var lease = await _server.AcquireOkAsync(NewName("res"), "writer");
        var key = NewName("obj");

        using var created = await PutAsync(key, lease.Token, "v1", ("If-None-Match", "*"));
        using var again = await PutAsync(key, lease.Token, "v2", ("If-None-Match", "*"));
        using var deleted = await DeleteAsync(key, lease.Token, ("If-Match", "*"));
        using var recreated = await PutAsync(key, lease.Token, "v3", ("If-None-Match", "*"));

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        await ProblemAssert.IsProblem(again, HttpStatusCode.PreconditionFailed, "version-mismatch");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(3, (await recreated.Content.ReadFromJsonAsync<WriteBody>())!.Version);
    }

    [Fact]
    public async Task When_the_fence_is_stale_and_the_version_wrong_the_answer_is_409()
    {
        var resource = NewName("res");
        var (first, second) = await TwoHoldersAsync(resource);
        var key = NewName("obj");
        using var newer = await _server.PutObjectAsync(key, second.Token, "newer");

        using var both = await PutAsync(key, first.Token, "older", ("If-Match", "\"9\""));

        await ProblemAssert.IsProblem(both, HttpStatusCode.Conflict, "stale-fencing-token");
    }

    [Theory]
    [InlineData("If-Match", "7")]
    [InlineData("If-Match", "W/\"7\"")]
    [InlineData("If-Match", "\"0\"")]
    [InlineData("If-Match", "\"1\", \"2\"")]
    [InlineData("If-None-Match", "\"7\"")]
    public async Task A_malformed_precondition_is_400(string header, string value)
    {
        var lease = await _server.AcquireOkAsync(NewName("res"), "writer");

        using var response = await PutAsync(NewName("obj"), lease.Token, "x", (header, value));

        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task If_none_match_on_a_delete_is_400()
    {
        var lease = await _server.AcquireOkAsync(NewName("res"), "writer");

        using var response = await DeleteAsync(NewName("obj"), lease.Token, ("If-None-Match", "*"));

        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task A_listing_pages_through_keys_of_many_shards_in_ordinal_order_without_the_deleted_ones()
    {
        var lease = await _server.AcquireOkAsync(NewName("res"), "writer");
        var prefix = $"list{Guid.NewGuid():N}.";
        var keys = Enumerable.Range(0, 7).Select(i => $"{prefix}{(char)('a' + i)}").ToArray();
        foreach (var key in keys)
        {
            using var put = await _server.PutObjectAsync(key, lease.Token, key);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using var deleted = await DeleteAsync(keys[3], lease.Token);
        Assert.True(keys.Select(k => ObjectShards.IndexOf(k, 64)).Distinct().Count() > 1, "the keys should fall in several shards");

        var listed = new List<ListItem>();
        var pages = 0;
        string? after = null;
        do
        {
            var page = (await _server.Client.GetFromJsonAsync<ListBody>($"/v1/objects?prefix={prefix}&limit=2{(after is null ? "" : $"&after={after}")}"))!;
            listed.AddRange(page.Items);
            after = page.Next;
            pages++;
        }
        while (after is not null && pages < 10);

        Assert.Equal(keys.Where((_, i) => i != 3), listed.Select(i => i.Key));
        Assert.Equal(3, pages);
        Assert.All(listed, item => Assert.Equal((1L, lease.Fence, item.Key.Length), (item.Version, item.Fence, item.Size)));
    }

    [Fact]
    public async Task The_last_page_has_no_next()
    {
        using var response = await _server.Client.GetAsync($"/v1/objects?prefix=none{Guid.NewGuid():N}");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(text);
        Assert.Equal(0, body.RootElement.GetProperty("items").GetArrayLength());
        Assert.False(body.RootElement.TryGetProperty("next", out _), text);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("limit=ten")]
    [InlineData("limit=-1")]
    [InlineData("prefix=a%20b")]
    [InlineData("prefix=%2F")]
    [InlineData("after=%2A")]
    [InlineData("after=")]
    public async Task A_bad_listing_query_is_400(string query)
    {
        using var response = await _server.Client.GetAsync($"/v1/objects?{query}");

        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation");
    }

    private async Task<(LeaseBody First, LeaseBody Second)> TwoHoldersAsync(string resource)
    {
        var first = await _server.AcquireOkAsync(resource, "first");
        using var released = await _server.Client.PostAsJsonAsync($"/v1/leases/{resource}/release", new { leaseId = first.LeaseId });
        var second = await _server.AcquireOkAsync(resource, "second");
        Assert.True(second.Fence > first.Fence);
        return (first, second);
    }

    private Task<HttpResponseMessage> DeleteAsync(string key, string? token, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, $"/v1/objects/{key}");
        return SendAsync(request, token, headers);
    }

    private Task<HttpResponseMessage> PutAsync(string key, string? token, string text, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/objects/{key}") { Content = new StringContent(text) };
        return SendAsync(request, token, headers);
    }

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string? token, (string Name, string Value)[] headers)
    {
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Fencing-Token", token);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return _server.Client.SendAsync(request);
    }

    private sealed record WriteBody(string Key, long Version, long Fence);

    private sealed record ListItem(string Key, long Version, long Fence, string ContentType, long Size, DateTimeOffset UpdatedAtUtc);

    private sealed record ListBody(string Prefix, List<ListItem> Items, string? Next);
}
