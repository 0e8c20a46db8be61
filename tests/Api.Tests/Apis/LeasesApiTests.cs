using System.Net;
using System.Net.Http.Json;
using Leasehold.Testing;

namespace Leasehold.Api.Tests.Apis;

[Collection(SharedServerCollection.Name)]
public sealed class LeasesApiTests(SharedServer shared)
{
    private readonly ApiServer _server = shared.Server;

    private static string NewResource() => $"res-{Guid.NewGuid():N}";

    [Fact]
    public async Task Acquire_grants_a_lease_with_a_signed_token_and_a_first_fence()
    {
        var resource = NewResource();
        var lease = await _server.AcquireOkAsync(resource, "worker-1", 5_000);

        Assert.Equal(resource, lease.Resource);
        Assert.Equal("worker-1", lease.Holder);
        Assert.Equal(1, lease.Fence);
        Assert.Equal(5_000, lease.TtlMs);
        Assert.StartsWith("lh1.k1.", lease.Token, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{32}$", lease.LeaseId);
        Assert.True(lease.ExpiresAtUtc > DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public async Task Acquire_of_a_held_lease_is_409_lease_held_with_Retry_After()
    {
        var resource = NewResource();
        await _server.AcquireOkAsync(resource, "first", 30_000);

        using var response = await _server.AcquireAsync(resource, "second", 5_000);

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.Conflict, "lease-held");
        Assert.Equal("first", problem.Holder);
        Assert.Equal(1, problem.Fence);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 30);
    }

    [Fact]
    public async Task Acquire_again_by_the_holder_returns_the_same_lease_and_fence()
    {
        var resource = NewResource();
        var first = await _server.AcquireOkAsync(resource, "retrying-client", 5_000);
        var again = await _server.AcquireOkAsync(resource, "retrying-client", 8_000);

        Assert.Equal(first.LeaseId, again.LeaseId);
        Assert.Equal(first.Fence, again.Fence);
        Assert.Equal(first.Token, again.Token);
        Assert.Equal(8_000, again.TtlMs);
    }

    [Fact]
    public async Task Fences_grow_with_every_grant()
    {
        var resource = NewResource();
        var fences = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var lease = await _server.AcquireOkAsync(resource, $"holder-{i}");
            fences.Add(lease.Fence);
            using var released = await _server.Client.PostAsJsonAsync($"/v1/leases/{resource}/release", new { leaseId = lease.LeaseId });
            Assert.Equal(HttpStatusCode.NoContent, released.StatusCode);
        }

        Assert.Equal([1, 2, 3, 4, 5], fences);
    }

    [Fact]
    public async Task Renew_extends_the_lease_and_keeps_its_fence()
    {
        var resource = NewResource();
        var lease = await _server.AcquireOkAsync(resource, "renewer", 1_000);

        using var response = await _server.Client.PostAsJsonAsync($"/v1/leases/{resource}/renew", new { leaseId = lease.LeaseId, ttlMs = 20_000 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var renewed = (await response.Content.ReadFromJsonAsync<LeaseBody>())!;
        Assert.Equal(lease.LeaseId, renewed.LeaseId);
        Assert.Equal(lease.Fence, renewed.Fence);
        Assert.Equal(20_000, renewed.TtlMs);
        Assert.True(renewed.ExpiresAtUtc > lease.ExpiresAtUtc);
    }

    [Fact]
    public async Task Renew_with_an_unknown_lease_id_is_410_lease_lost()
    {
        var resource = NewResource();
        await _server.AcquireOkAsync(resource, "owner");

        using var response = await _server.Client.PostAsJsonAsync($"/v1/leases/{resource}/renew", new { leaseId = "0123456789abcdef0123456789abcdef" });

        await ProblemAssert.IsProblem(response, HttpStatusCode.Gone, "lease-lost");
    }

    [Fact]
    public async Task Release_ends_the_lease_once_and_then_is_410()
    {
        var resource = NewResource();
        var lease = await _server.AcquireOkAsync(resource, "releaser");

        using var first = await _server.Client.PostAsJsonAsync($"/v1/leases/{resource}/release", new { leaseId = lease.LeaseId });
        using var second = await _server.Client.PostAsJsonAsync($"/v1/leases/{resource}/release", new { leaseId = lease.LeaseId });

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        await ProblemAssert.IsProblem(second, HttpStatusCode.Gone, "lease-lost");
        var next = await _server.AcquireOkAsync(resource, "next");
        Assert.Equal(lease.Fence + 1, next.Fence);
    }

    [Fact]
    public async Task Get_shows_the_holder_but_never_the_lease_id_or_token()
    {
        var resource = NewResource();
        var lease = await _server.AcquireOkAsync(resource, "visible-holder", 30_000);

        using var response = await _server.Client.GetAsync($"/v1/leases/{resource}");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"held\":true", text, StringComparison.Ordinal);
        Assert.Contains("\"holder\":\"visible-holder\"", text, StringComparison.Ordinal);
        Assert.Contains("\"fence\":1", text, StringComparison.Ordinal);
        Assert.DoesNotContain(lease.LeaseId, text, StringComparison.Ordinal);
        Assert.DoesNotContain(lease.Token, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_of_a_never_leased_resource_is_free_with_fence_zero()
    {
        using var response = await _server.Client.GetAsync($"/v1/leases/{NewResource()}");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"held\":false", text, StringComparison.Ordinal);
        Assert.Contains("\"fence\":0", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_waiting_acquire_is_granted_when_the_holder_releases()
    {
        var resource = NewResource();
        var holder = await _server.AcquireOkAsync(resource, "holder", 60_000);
        var waiting = _server.AcquireAsync(resource, "waiter", 10_000, waitMs: 20_000);

        // The waiter is in line (the grain counts it) before the holder lets go.
        await Eventually.True(async () => (await _server.Client.GetStringAsync($"/v1/leases/{resource}")).Contains("\"waiters\":1", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the waiter to queue");
        Assert.False(waiting.IsCompleted);
        using var released = await _server.Client.PostAsJsonAsync($"/v1/leases/{resource}/release", new { leaseId = holder.LeaseId });

        using var response = await waiting;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var granted = (await response.Content.ReadFromJsonAsync<LeaseBody>())!;
        Assert.Equal("waiter", granted.Holder);
        Assert.Equal(holder.Fence + 1, granted.Fence);
    }
}
