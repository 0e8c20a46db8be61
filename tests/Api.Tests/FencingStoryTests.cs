using Leasehold.TestingHost;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;

namespace Leasehold.Api.Tests;

/// <summary>
/// The notes' story, over HTTP: client 1 gets a lease, pauses past its TTL; client 2 gets the next
/// fence and writes; client 1 wakes up and writes with its old token, and the store refuses it.
/// Time is a manual clock, so the "pause" is exact and the test does not sleep.
/// </summary>
public sealed class FencingStoryTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private ApiServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await ApiServer.StartAsync(configure: b => b.Services.UseGrainClock(_time));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_paused_clients_late_write_is_rejected_after_the_next_holder_wrote()
    {
        // The story's 33 and 34: push the fence to 33 first.
        for (var i = 0; i < 32; i++)
        {
            var earlier = await _server.AcquireOkAsync("storage-file", $"earlier-{i}", 1_000);
            using var _ = await _server.Client.PostAsJsonAsync("/v1/leases/storage-file/release", new { leaseId = earlier.LeaseId });
        }

        var client1 = await _server.AcquireOkAsync("storage-file", "client-1", 10_000);
        Assert.Equal(33, client1.Fence);

        _time.Advance(TimeSpan.FromSeconds(11)); // client 1's process pause: its lease expires meanwhile

        var client2 = await _server.AcquireOkAsync("storage-file", "client-2", 10_000);
        Assert.Equal(34, client2.Fence);
        using var write2 = await _server.PutObjectAsync("file.txt", client2.Token, "client 2's data");
        Assert.Equal(HttpStatusCode.OK, write2.StatusCode);

        using var write1 = await _server.PutObjectAsync("file.txt", client1.Token, "client 1's stale data");

        var problem = await ProblemAssert.IsProblem(write1, HttpStatusCode.Conflict, "stale-fencing-token");
        Assert.Equal(33, problem.Fence);
        Assert.Equal(34, problem.HighestFence);
        Assert.Equal("client 2's data", await _server.Client.GetStringAsync("/v1/objects/file.txt"));
    }

    [Fact]
    public async Task An_expired_lease_cannot_be_renewed_or_released()
    {
        var lease = await _server.AcquireOkAsync("short", "sleepy", 500);
        _time.Advance(TimeSpan.FromMilliseconds(501));

        using var renew = await _server.Client.PostAsJsonAsync("/v1/leases/short/renew", new { leaseId = lease.LeaseId });
        using var release = await _server.Client.PostAsJsonAsync("/v1/leases/short/release", new { leaseId = lease.LeaseId });

        await ProblemAssert.IsProblem(renew, HttpStatusCode.Gone, "lease-lost");
        await ProblemAssert.IsProblem(release, HttpStatusCode.Gone, "lease-lost");
        var state = await _server.Client.GetStringAsync("/v1/leases/short");
        Assert.Contains("\"held\":false", state, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lease_is_still_held_one_tick_before_its_ttl()
    {
        await _server.AcquireOkAsync("edge", "holder", 1_000);
        _time.Advance(TimeSpan.FromMilliseconds(999));

        using var response = await _server.AcquireAsync("edge", "other", 1_000);

        await ProblemAssert.IsProblem(response, HttpStatusCode.Conflict, "lease-held");
    }
}
