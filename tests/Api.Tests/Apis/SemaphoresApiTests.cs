using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Leasehold.Testing;

namespace Leasehold.Api.Tests.Apis;

[Collection(SharedServerCollection.Name)]
public sealed class SemaphoresApiTests(SharedServer shared)
{
    private readonly ApiServer _server = shared.Server;

    private static string NewSemaphore() => $"sem-{Guid.NewGuid():N}";

    private Task<HttpResponseMessage> AcquireAsync(string semaphore, string holder, int permits, long ttlMs = 10_000, long? waitMs = null) =>
        _server.Client.PostAsJsonAsync($"/v1/semaphores/{semaphore}/acquire", new { holder, ttlMs, permits, waitMs });

    private async Task<PermitBody> AcquireOkAsync(string semaphore, string holder, int permits, long ttlMs = 10_000, long? waitMs = null)
    {
        using var response = await AcquireAsync(semaphore, holder, permits, ttlMs, waitMs);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<PermitBody>())!;
    }

    private async Task<SemaphoreBody> GetOkAsync(string semaphore)
    {
        using var response = await _server.Client.GetAsync($"/v1/semaphores/{semaphore}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SemaphoreBody>())!;
    }

    [Fact]
    public async Task Acquire_grants_distinct_slots_each_the_lease_of_its_slot_resource_and_get_shows_them_without_secrets()
    {
        var semaphore = NewSemaphore();

        var first = await AcquireOkAsync(semaphore, "w1", 2);
        var second = await AcquireOkAsync(semaphore, "w2", 2);

        Assert.Equal((semaphore, 2), (first.Semaphore, first.Permits));
        Assert.NotEqual(first.Slot, second.Slot);
        Assert.Equal($"semaphore:{semaphore}:{first.Slot}", first.Resource);
        Assert.Equal((1L, 1L), (first.Fence, second.Fence));
        Assert.StartsWith("lh1.", first.Token, StringComparison.Ordinal);
        using var lease = await _server.Client.GetAsync($"/v1/leases/{first.Resource}");
        Assert.Equal("w1", (await lease.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("holder").GetString());

        using var response = await _server.Client.GetAsync($"/v1/semaphores/{semaphore}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(first.LeaseId, text, StringComparison.Ordinal);
        Assert.DoesNotContain(first.Token, text, StringComparison.Ordinal);
        var view = JsonSerializer.Deserialize<SemaphoreBody>(text, JsonSerializerOptions.Web)!;
        Assert.Equal((2, 0), (view.Permits, view.Waiters));
        Assert.Equal(["w1", "w2"], view.Held.Select(h => h.Holder).Order(StringComparer.Ordinal));
        Assert.All(view.Held, h => Assert.InRange(h.RemainingMs, 1, 10_000));
    }

    [Fact]
    public async Task A_full_semaphore_is_409_semaphore_full_with_the_holders_and_retry_after()
    {
        var semaphore = NewSemaphore();
        await AcquireOkAsync(semaphore, "w1", 1);

        using var response = await AcquireAsync(semaphore, "w2", 1);

        await ProblemAssert.IsProblem(response, HttpStatusCode.Conflict, "semaphore-full");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((1, 1), (problem.GetProperty("permits").GetInt32(), problem.GetProperty("holders").GetInt32()));
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Another_number_of_permits_is_409_permits_mismatch_naming_the_semaphores_number()
    {
        var semaphore = NewSemaphore();
        await AcquireOkAsync(semaphore, "w1", 3);

        using var response = await AcquireAsync(semaphore, "w2", 4);

        await ProblemAssert.IsProblem(response, HttpStatusCode.Conflict, "permits-mismatch");
        Assert.Equal(3, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("permits").GetInt32());
    }

    [Fact]
    public async Task A_release_serves_the_waiting_acquire_at_once_with_the_next_fence_of_the_slot()
    {
        var semaphore = NewSemaphore();
        var first = await AcquireOkAsync(semaphore, "w1", 1);
        var waiting = AcquireOkAsync(semaphore, "w2", 1, waitMs: 15_000);
        await Eventually.True(async () => (await GetOkAsync(semaphore)).Waiters == 1, TimeSpan.FromSeconds(10), "w2 waits in the semaphore's line");

        using var released = await _server.Client.PostAsJsonAsync($"/v1/semaphores/{semaphore}/release", new { slot = first.Slot, leaseId = first.LeaseId });
        Assert.Equal(HttpStatusCode.NoContent, released.StatusCode);

        var second = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((first.Slot, first.Fence + 1, "w2"), (second.Slot, second.Fence, second.Holder));
        using var again = await _server.Client.PostAsJsonAsync($"/v1/semaphores/{semaphore}/release", new { slot = first.Slot, leaseId = first.LeaseId });
        await ProblemAssert.IsProblem(again, HttpStatusCode.Gone, "lease-lost");
    }

    [Fact]
    public async Task Renew_extends_the_permit_keeping_its_slot_and_fence_and_a_lost_permit_is_410()
    {
        var semaphore = NewSemaphore();
        var permit = await AcquireOkAsync(semaphore, "w1", 2, ttlMs: 1_000);

        using var renewed = await _server.Client.PostAsJsonAsync($"/v1/semaphores/{semaphore}/renew", new { slot = permit.Slot, leaseId = permit.LeaseId, ttlMs = 30_000 });
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        var body = (await renewed.Content.ReadFromJsonAsync<PermitBody>())!;
        Assert.Equal((permit.Slot, permit.Fence, permit.Token, 2, 30_000L), (body.Slot, body.Fence, body.Token, body.Permits, body.TtlMs));

        // The plain lease route on the slot's resource is the same lease.
        using var viaLease = await _server.Client.PostAsJsonAsync($"/v1/leases/{permit.Resource}/release", new { leaseId = permit.LeaseId });
        Assert.Equal(HttpStatusCode.NoContent, viaLease.StatusCode);
        using var lost = await _server.Client.PostAsJsonAsync($"/v1/semaphores/{semaphore}/renew", new { slot = permit.Slot, leaseId = permit.LeaseId });
        await ProblemAssert.IsProblem(lost, HttpStatusCode.Gone, "lease-lost");
        using var otherSlot = await _server.Client.PostAsJsonAsync($"/v1/semaphores/{semaphore}/release", new { slot = 5, leaseId = permit.LeaseId });
        await ProblemAssert.IsProblem(otherSlot, HttpStatusCode.Gone, "lease-lost");
    }

    [Fact]
    public async Task A_permits_token_writes_its_slot_keys_and_a_released_holders_late_write_is_refused()
    {
        var semaphore = NewSemaphore();
        var first = await AcquireOkAsync(semaphore, "w1", 1);
        var key = $"{first.Resource}.json";
        using var written = await _server.PutObjectAsync(key, first.Token, "{\"by\":1}");
        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        using var released = await _server.Client.PostAsJsonAsync($"/v1/semaphores/{semaphore}/release", new { slot = first.Slot, leaseId = first.LeaseId });
        var second = await AcquireOkAsync(semaphore, "w2", 1);
        using var newer = await _server.PutObjectAsync(key, second.Token, "{\"by\":2}");
        Assert.Equal(HttpStatusCode.OK, newer.StatusCode);

        using var late = await _server.PutObjectAsync(key, first.Token, "{\"late\":true}");

        await ProblemAssert.IsProblem(late, HttpStatusCode.Conflict, "stale-fencing-token");
    }

    [Fact]
    public async Task A_semaphore_never_acquired_is_404_semaphore_not_found()
    {
        using var response = await _server.Client.GetAsync($"/v1/semaphores/{NewSemaphore()}");

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound, "semaphore-not-found");
    }

    [Theory]
    [InlineData("bad name!", "{\"holder\":\"h\",\"ttlMs\":1000,\"permits\":2}", "name")]
    [InlineData("ok", "{\"holder\":\"h\",\"permits\":2}", "ttlMs")]
    [InlineData("ok", "{\"ttlMs\":1000,\"permits\":2}", "holder")]
    [InlineData("ok", "{\"holder\":\"h\",\"ttlMs\":1000}", "permits")]
    [InlineData("ok", "{\"holder\":\"h\",\"ttlMs\":1000,\"permits\":0}", "permits")]
    [InlineData("ok", "{\"holder\":\"h\",\"ttlMs\":1000,\"permits\":65}", "permits")]
    [InlineData("ok", "{\"holder\":\"h\",\"ttlMs\":1000,\"permits\":2,\"waitMs\":-1}", "waitMs")]
    [InlineData("ok", "{\"holder\":\"h\",\"ttlMs\":1,\"permits\":2}", "ttlMs")]
    [InlineData("ok", "{\"holder\":\"h\",\"ttlMs\":1000,\"permits\":\"2\"}", "permits")]
    public async Task An_acquire_with_bad_input_is_400_naming_the_field(string semaphore, string body, string field)
    {
        using var response = await PostAsync($"/v1/semaphores/{Uri.EscapeDataString(semaphore)}/acquire", body);

        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation");
        Assert.Contains(field, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("renew", "{\"leaseId\":\"x\"}", "slot")]
    [InlineData("renew", "{\"slot\":0}", "leaseId")]
    [InlineData("renew", "{\"slot\":-1,\"leaseId\":\"x\"}", "slot")]
    [InlineData("renew", "{\"slot\":64,\"leaseId\":\"x\"}", "slot")]
    [InlineData("renew", "{\"slot\":0,\"leaseId\":\"x\",\"ttlMs\":1}", "ttlMs")]
    [InlineData("release", "{\"leaseId\":\"x\"}", "slot")]
    [InlineData("release", "{\"slot\":0}", "leaseId")]
    [InlineData("release", "{\"slot\":0,\"leaseId\":\"x\",\"extra\":1}", "extra")]
    public async Task A_renew_or_release_with_bad_input_is_400_naming_the_field(string route, string body, string field)
    {
        using var response = await PostAsync($"/v1/semaphores/{NewSemaphore()}/{route}", body);

        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation");
        Assert.Contains(field, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_too_long_for_its_slot_resources_is_400_on_every_route()
    {
        var name = new string('n', 187);
        using var acquire = await AcquireAsync(name, "h", 2);
        await ProblemAssert.IsProblem(acquire, HttpStatusCode.BadRequest, "validation");
        using var get = await _server.Client.GetAsync($"/v1/semaphores/{name}");
        await ProblemAssert.IsProblem(get, HttpStatusCode.BadRequest, "validation");
        using var longest = await AcquireAsync(new string('n', 186), "h", 2);
        Assert.Equal(HttpStatusCode.OK, longest.StatusCode);
    }

    [Theory]
    [InlineData("acquire", "text/plain")]
    [InlineData("renew", "application/x-www-form-urlencoded")]
    [InlineData("release", "application/json; charset=utf-7")]
    public async Task A_body_that_is_not_utf8_json_is_415(string route, string contentType)
    {
        using var content = new StringContent("{\"holder\":\"h\",\"ttlMs\":1000,\"permits\":2}");
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);

        using var response = await _server.Client.PostAsync($"/v1/semaphores/{NewSemaphore()}/{route}", content);

        await ProblemAssert.IsProblem(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [Theory]
    [InlineData("acquire")]
    [InlineData("renew")]
    [InlineData("release")]
    public async Task A_missing_or_unreadable_body_is_400(string route)
    {
        using var empty = await PostAsync($"/v1/semaphores/{NewSemaphore()}/{route}", string.Empty);
        await ProblemAssert.IsProblem(empty, HttpStatusCode.BadRequest, "validation");
        using var broken = await PostAsync($"/v1/semaphores/{NewSemaphore()}/{route}", "{\"slot\":");
        await ProblemAssert.IsProblem(broken, HttpStatusCode.BadRequest, "validation");
    }

    private Task<HttpResponseMessage> PostAsync(string path, string body) =>
        _server.Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

    private sealed record PermitBody(string Semaphore, int Permits, int Slot, string Resource, string Holder, string LeaseId, long Fence, string Token, long TtlMs, DateTimeOffset ExpiresAtUtc);

    private sealed record HeldPermitBody(int Slot, string Holder, long Fence, DateTimeOffset ExpiresAtUtc, long RemainingMs);

    private sealed record SemaphoreBody(string Semaphore, int Permits, IReadOnlyList<HeldPermitBody> Held, int Waiters);
}
