using System.Net;
using System.Net.Http.Json;

namespace Leasehold.Api.Tests.Apis;

[Collection(SharedServerCollection.Name)]
public sealed class ObjectsApiTests(SharedServer shared)
{
    private readonly ApiServer _server = shared.Server;

    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    [Fact]
    public async Task A_write_with_a_valid_token_is_stored_and_read_back_with_its_fence_and_version()
    {
        var lease = await _server.AcquireOkAsync(NewName("res"), "writer");
        var key = NewName("obj");

        using var put = await _server.PutObjectAsync(key, lease.Token, "hello");
        using var get = await _server.Client.GetAsync($"/v1/objects/{key}");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var written = (await put.Content.ReadFromJsonAsync<WriteBody>())!;
        Assert.Equal(new WriteBody(key, 1, lease.Fence), written);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("hello", await get.Content.ReadAsStringAsync());
        Assert.Equal("\"1\"", get.Headers.ETag?.Tag);
        Assert.Equal(lease.Fence.ToString(System.Globalization.CultureInfo.InvariantCulture), get.Headers.GetValues("Fencing-Fence").Single());
        Assert.Equal("text/plain", get.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_write_with_the_same_fence_again_is_accepted_as_a_new_version()
    {
        var lease = await _server.AcquireOkAsync(NewName("res"), "writer");
        var key = NewName("obj");

        using var first = await _server.PutObjectAsync(key, lease.Token, "v1");
        using var second = await _server.PutObjectAsync(key, lease.Token, "v2");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(2, (await second.Content.ReadFromJsonAsync<WriteBody>())!.Version);
    }

    [Fact]
    public async Task A_write_without_a_token_is_428_fencing_token_required()
    {
        using var response = await _server.PutObjectAsync(NewName("obj"), null, "x");

        await ProblemAssert.IsProblem(response, HttpStatusCode.PreconditionRequired, "fencing-token-required");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("lh1.k1.AAAA.AAAA")]
    [InlineData("lh1.k1..")]
    [InlineData("lh2.k1.AAAAAAAAAAEAAXIAAWwAAWg.AAAA")]
    public async Task A_write_with_a_malformed_token_is_403_invalid_fencing_token(string token)
    {
        using var response = await _server.PutObjectAsync(NewName("obj"), token, "x");

        await ProblemAssert.IsProblem(response, HttpStatusCode.Forbidden, "invalid-fencing-token");
    }

    [Fact]
    public async Task A_forged_token_with_a_huge_fence_is_403_and_does_not_lock_out_the_real_holder()
    {
        var resource = NewName("res");
        var lease = await _server.AcquireOkAsync(resource, "honest");
        var key = NewName("obj");
        var claims = Grains.FencingToken.TryDecode(lease.Token, out var token, out _, out var signature, out _) ? token : null;
        Assert.NotNull(claims);

        // A lying client rewrites the claims with a huge fence and keeps the old signature.
        var forged = (claims with { Fence = long.MaxValue }).SignedText() + "." + System.Buffers.Text.Base64Url.EncodeToString(signature);
        using var rejected = await _server.PutObjectAsync(key, forged, "mine now");
        using var honest = await _server.PutObjectAsync(key, lease.Token, "still works");

        await ProblemAssert.IsProblem(rejected, HttpStatusCode.Forbidden, "invalid-fencing-token");
        Assert.Equal(HttpStatusCode.OK, honest.StatusCode);
    }

    [Fact]
    public async Task A_token_of_another_resource_cannot_write_a_key_bound_to_a_resource()
    {
        var owner = await _server.AcquireOkAsync(NewName("owner"), "a");
        var other = await _server.AcquireOkAsync(NewName("other"), "b");
        var key = NewName("obj");
        using var bound = await _server.PutObjectAsync(key, owner.Token, "owner's");

        using var response = await _server.PutObjectAsync(key, other.Token, "other's");

        Assert.Equal(HttpStatusCode.OK, bound.StatusCode);
        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.Forbidden, "invalid-fencing-token");
        Assert.Contains("guarded by the lease on", problem.Detail, StringComparison.Ordinal);
        Assert.Equal("owner's", await _server.Client.GetStringAsync($"/v1/objects/{key}"));
    }

    [Fact]
    public async Task A_write_with_an_older_fence_is_409_stale_and_changes_nothing()
    {
        var resource = NewName("res");
        var first = await _server.AcquireOkAsync(resource, "first");
        using var released = await _server.Client.PostAsJsonAsync($"/v1/leases/{resource}/release", new { leaseId = first.LeaseId });
        var second = await _server.AcquireOkAsync(resource, "second");
        var key = NewName("obj");
        using var newer = await _server.PutObjectAsync(key, second.Token, "newer");

        using var stale = await _server.PutObjectAsync(key, first.Token, "older");

        var problem = await ProblemAssert.IsProblem(stale, HttpStatusCode.Conflict, "stale-fencing-token");
        Assert.Equal(first.Fence, problem.Fence);
        Assert.Equal(second.Fence, problem.HighestFence);
        Assert.Equal("newer", await _server.Client.GetStringAsync($"/v1/objects/{key}"));
    }

    [Fact]
    public async Task Reading_a_missing_object_is_404_object_not_found()
    {
        using var response = await _server.Client.GetAsync($"/v1/objects/{NewName("missing")}");

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "object-not-found");
    }

    [Fact]
    public async Task An_object_over_the_size_limit_is_413_and_not_stored()
    {
        var lease = await _server.AcquireOkAsync(NewName("res"), "big");
        var key = NewName("obj");

        using var response = await _server.PutObjectAsync(key, lease.Token, new string('x', 1024 * 1024 + 1));

        await ProblemAssert.IsProblem(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        using var get = await _server.Client.GetAsync($"/v1/objects/{key}");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    private sealed record WriteBody(string Key, long Version, long Fence);
}
