using System.Net;
using System.Net.Http.Json;
using Leasehold.Grains;
using Leasehold.Testing;

namespace Leasehold.Cluster.Tests.Scenarios;

/// <summary>
/// Messages from the lease grain's silo to the client's silo are delayed past the call timeout. The client gets
/// 504 outcome-unknown although its acquire did happen: the answer is what came late. (Delaying the request instead
/// would not show it on Orleans: a silo drops a request that arrives after its caller's deadline.) Retrying is safe
/// because acquire is idempotent per holder: the retry returns the very lease the lost answer carried, and no second
/// fence is issued.
/// </summary>
public sealed class DelayedMessagesScenario
{
    [Theory]
    [OnSqlite]
    [OnPostgres]
    public async Task A_delay_longer_than_the_call_timeout_is_an_unknown_outcome_and_retrying_the_acquire_returns_the_same_lease(StorageProvider storage)
    {
        await using var cluster = await Scenario.StartAsync(3, Fencing.On, storage,
            ("Cluster:Messaging:CallTimeout", "00:00:01"), ("Leases:WaitMax", "00:00:00.500"));
        var owner = await cluster.HostOfLeaseAsync("orders");
        var (entry, observer) = (cluster.Silos.First(s => s != owner), cluster.Silos.Last(s => s != owner));

        // The entry silo learns where the grain lives first (a directory lookup answered by a delayed silo would time out
        // before the acquire is even sent); from then on it calls the activation it has cached directly.
        Assert.False((await LeaseAsync(entry.Http)).Held);
        await cluster.DelayMessagesAsync(owner, entry, TimeSpan.FromSeconds(3));
        using var first = await Scenario.AcquireAsync(entry.Http, "orders", "client", ttlMs: 30_000);
        var problem = await first.Content.ReadFromJsonAsync<ProblemBody>();

        // The request was not lost: the grant happened on the owner, and only its answer is late.
        await Eventually.True(async () => (await LeaseAsync(observer.Http)).Held, Scenario.Bound, "the acquire whose answer is delayed was granted");
        await cluster.HealAsync();
        var retry = await RetryUntilAnsweredAsync(entry.Http);
        var again = await Scenario.AcquireOkAsync(observer.Http, "orders", "client", ttlMs: 30_000);
        var state = await LeaseAsync(observer.Http);

        Assert.Equal(HttpStatusCode.GatewayTimeout, first.StatusCode);
        Assert.Equal("urn:leasehold:problem:outcome-unknown", problem!.Type);
        Assert.Equal((1L, retry.LeaseId), (retry.Fence, again.LeaseId));
        Assert.Equal(("client", 1L), (state.Holder, state.Fence));
    }

    /// <summary>
    /// The client's retry of its acquire, again while it gets no answer in time: bytes delayed before the heal still
    /// arrive late, and the retry's answer queues behind them on the same connection.
    /// </summary>
    private static async Task<LeaseBody> RetryUntilAnsweredAsync(HttpClient http)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            using var response = await Scenario.AcquireAsync(http, "orders", "client", ttlMs: 30_000);
            if (response.StatusCode != HttpStatusCode.GatewayTimeout || clock.Elapsed > Scenario.Bound)
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"the retried acquire answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                return (await response.Content.ReadFromJsonAsync<LeaseBody>())!;
            }
        }
    }

    private static async Task<LeaseState> LeaseAsync(HttpClient http) => (await http.GetFromJsonAsync<LeaseState>("/v1/leases/orders"))!;

    private sealed record LeaseState(bool Held, string? Holder, long Fence);

    private sealed record ProblemBody(string Type, string? Detail);
}
