using System.Text;
using Leasehold.Storage;
using Leasehold.Grains.Tests.Leases;
using Leasehold.Grains.Tests.Tokens;
using Leasehold.Testing;

namespace Leasehold.Grains.Tests.Objects;

public sealed class ObjectShardGrainTests(SharedSilo shared) : SiloTest(shared)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_write_under_a_current_lease_is_accepted_and_read_back()
    {
        var lease = await Lease("orders").AcquireGrantedAsync("worker-1", Ttl);

        var result = await PutAsync("orders/config", "v1", lease.Token);

        Assert.Equal(new WriteResult.Accepted(1, lease.Fence), result);
        var stored = await GetAsync("orders/config");
        Assert.Equal(("v1", Name("orders"), lease.Fence, "text/plain"), (Encoding.UTF8.GetString(stored!.Value), stored.Resource, stored.Fence, stored.ContentType));
    }

    [Fact]
    public async Task A_key_never_written_reads_as_null()
    {
        Assert.Null(await GetAsync("nothing"));
    }

    public static TheoryData<string> Forgeries => ["altered fence", "other key", "unknown key id", "garbage", "empty", "too long", "truncated"];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_write_with_a_forged_or_malformed_token_is_rejected_and_writes_nothing(string forgery)
    {
        var lease = await Lease("orders").AcquireGrantedAsync("worker-1", Ttl);
        var claims = new FencingToken(Silo.Signer.KeyId, Name("orders"), lease.Fence, lease.LeaseId, "worker-1");
        using var stranger = await TestSigners.CreateAsync(Silo.Signer.KeyId);
        using var strangerWithOtherKeyId = await TestSigners.CreateAsync("k-other");
        var token = forgery switch
        {
            // A lying client raises its fence to lock everyone else out; the old signature no longer fits.
            "altered fence" => $"{(claims with { Fence = long.MaxValue }).SignedText()}.{lease.Token[(lease.Token.LastIndexOf('.') + 1)..]}",
            "other key" => stranger.Sign(claims),
            "unknown key id" => strangerWithOtherKeyId.Sign(claims with { KeyId = "k-other" }),
            "garbage" => "not a token at all",
            "empty" => string.Empty,
            "too long" => lease.Token + new string('A', FencingToken.MaxLength),
            _ => lease.Token[..^1],
        };

        var result = await PutAsync("orders/config", "forged", token);

        Assert.IsType<WriteResult.InvalidToken>(result);
        Assert.Null(await GetAsync("orders/config"));
    }

    [Fact]
    public async Task A_token_for_another_resource_cannot_write_a_key_bound_to_a_different_resource()
    {
        var orders = await Lease("orders").AcquireGrantedAsync("worker-1", Ttl);
        await PutAsync("orders/config", "mine", orders.Token);

        // A genuine token with a far higher fence, but its fences count another lease.
        var invoices = await Lease("invoices").AcquireGrantedAsync("worker-2", Ttl);
        for (var i = 0; i < 3; i++)
        {
            await Lease("invoices").ReleaseReleasedAsync(invoices);
            invoices = await Lease("invoices").AcquireGrantedAsync("worker-2", Ttl);
        }

        var result = await PutAsync("orders/config", "theirs", invoices.Token);

        var invalid = Assert.IsType<WriteResult.InvalidToken>(result);
        Assert.Contains($"'{Name("orders")}'", invalid.Reason, StringComparison.Ordinal);
        Assert.Equal("mine", await ReadAsync("orders/config"));
    }

    [Fact]
    public async Task A_write_with_a_fence_below_the_highest_the_key_has_seen_is_rejected_as_stale()
    {
        var grain = Lease("orders");
        var older = await grain.AcquireGrantedAsync("worker-1", Ttl);
        await grain.ReleaseReleasedAsync(older);
        var newer = await grain.AcquireGrantedAsync("worker-2", Ttl);
        await PutAsync("orders/config", "newer", newer.Token);

        var result = await PutAsync("orders/config", "older", older.Token);

        Assert.Equal(new WriteResult.StaleFence(older.Fence, newer.Fence), result);
        Assert.Equal("newer", await ReadAsync("orders/config"));
    }

    [Fact]
    public async Task A_holder_may_write_again_under_the_same_fence()
    {
        var lease = await Lease("orders").AcquireGrantedAsync("worker-1", Ttl);
        await PutAsync("orders/config", "v1", lease.Token);

        var result = await PutAsync("orders/config", "v2", lease.Token);

        Assert.Equal(new WriteResult.Accepted(2, lease.Fence), result);
        Assert.Equal("v2", await ReadAsync("orders/config"));
    }

    [Fact]
    public async Task A_paused_holder_that_wakes_after_its_lease_expired_cannot_overwrite_the_next_holders_write()
    {
        var grain = Lease("orders");
        var first = await grain.AcquireGrantedAsync("worker-1", Ttl);
        Assert.IsType<WriteResult.Accepted>(await PutAsync("orders/config", "from worker-1", first.Token));

        // Worker 1 stops the world past its TTL; it still believes it holds the lease.
        Time.Advance(Ttl);
        var second = await grain.AcquireGrantedAsync("worker-2", Ttl);
        Assert.Equal(first.Fence + 1, second.Fence);
        Assert.IsType<WriteResult.Accepted>(await PutAsync("orders/config", "from worker-2", second.Token));

        var late = await PutAsync("orders/config", "late from worker-1", first.Token);

        Assert.Equal(new WriteResult.StaleFence(first.Fence, second.Fence), late);
        Assert.Equal("from worker-2", await ReadAsync("orders/config"));
    }

    [Fact]
    public async Task With_a_principal_a_key_is_written_only_with_a_token_of_the_resource_it_names()
    {
        var squatter = await Lease("bobres").AcquireGrantedAsync("bob", Ttl);
        var rightful = await Lease("report").AcquireGrantedAsync("alice", Ttl);

        var squat = await PutAsync("report.txt", "bob's", squatter.Token, "bob");
        var written = await PutAsync("report.txt", "alice's", rightful.Token, "alice");

        Assert.IsType<WriteResult.InvalidToken>(squat);
        Assert.Equal(new WriteResult.Accepted(1, rightful.Fence), written);
    }

    [Fact]
    public async Task With_a_principal_a_token_of_another_principals_holder_is_forbidden_and_writes_nothing()
    {
        var alices = await Lease("report").AcquireGrantedAsync("alice/worker-1", Ttl);

        var result = await PutAsync("report.txt", "bob's", alices.Token, "bob");

        Assert.IsType<WriteResult.Forbidden>(result);
        Assert.Null(await GetAsync("report.txt"));
    }

    [Theory]
    [InlineData("report.txt", "report")]
    [InlineData("report", "report")]
    [InlineData("orders.eu.json", "orders.eu")]
    [InlineData(".hidden", ".hidden")]
    [InlineData("a:b", "a:b")]
    public void A_key_names_its_resource_up_to_its_last_dot(string key, string resource)
    {
        Assert.Equal(resource, ObjectKeys.ResourceOf(key));
    }

    // Each helper takes the key as the test names it and writes or reads this test's own key (SiloTest.Name).
    private Task<WriteResult> PutAsync(string key, string value, string token, string owner) =>
        Silo.ShardFor(Name(key)).PutAsync(new PutObject(Name(key), Encoding.UTF8.GetBytes(value), "text/plain", token, owner));

    private Task<WriteResult> PutAsync(string key, string value, string token) =>
        Silo.ShardFor(Name(key)).PutAsync(new PutObject(Name(key), Encoding.UTF8.GetBytes(value), "text/plain", token));

    private Task<FencedObject?> GetAsync(string key) => Silo.ShardFor(Name(key)).GetAsync(Name(key));

    private async Task<string?> ReadAsync(string key) =>
        await GetAsync(key) is { } stored ? Encoding.UTF8.GetString(stored.Value) : null;
}
