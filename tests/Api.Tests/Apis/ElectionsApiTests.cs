using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Leasehold.Testing;

namespace Leasehold.Api.Tests.Apis;

[Collection(SharedServerCollection.Name)]
public sealed class ElectionsApiTests(SharedServer shared)
{
    private readonly ApiServer _server = shared.Server;

    private static string NewElection() => $"el-{Guid.NewGuid():N}";

    private Task<HttpResponseMessage> CampaignAsync(string election, string candidate, string? value = null, long ttlMs = 10_000, long? waitMs = null) =>
        _server.Client.PostAsJsonAsync($"/v1/elections/{election}/campaign", new { candidate, value, ttlMs, waitMs });

    private async Task<LeadershipBody> CampaignOkAsync(string election, string candidate, string? value = null, long ttlMs = 10_000, long? waitMs = null)
    {
        using var response = await CampaignAsync(election, candidate, value, ttlMs, waitMs);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<LeadershipBody>())!;
    }

    private async Task<LeaderBody> LeaderOkAsync(string election, string query = "")
    {
        using var response = await _server.Client.GetAsync($"/v1/elections/{election}/leader{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var leader = (await response.Content.ReadFromJsonAsync<LeaderBody>())!;
        Assert.Equal(leader.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("Leasehold-Index").Single());
        return leader;
    }

    [Fact]
    public async Task Campaign_elects_the_candidate_and_the_leader_route_names_it_with_its_value_but_no_secrets()
    {
        var election = NewElection();

        var leadership = await CampaignOkAsync(election, "node-1", "10.0.0.5:8080");

        Assert.Equal(election, leadership.Election);
        Assert.Equal($"election:{election}", leadership.Resource);
        Assert.Equal("node-1", leadership.Leader);
        Assert.Equal("10.0.0.5:8080", leadership.Value);
        Assert.Equal(1, leadership.Fence);
        Assert.StartsWith("lh1.", leadership.Token, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{32}$", leadership.LeaseId);

        using var response = await _server.Client.GetAsync($"/v1/elections/{election}/leader");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(leadership.LeaseId, text, StringComparison.Ordinal);
        Assert.DoesNotContain(leadership.Token, text, StringComparison.Ordinal);
        var leader = JsonSerializer.Deserialize<LeaderBody>(text, JsonSerializerOptions.Web)!;
        Assert.Equal(("node-1", "10.0.0.5:8080", 1L), (leader.Leader, leader.Value, leader.Fence));
        Assert.InRange(leader.RemainingMs, 1, 10_000);
    }

    [Fact]
    public async Task Campaigning_again_as_the_leader_returns_the_same_leadership_with_the_new_value()
    {
        var election = NewElection();
        var first = await CampaignOkAsync(election, "node-1", "a");

        var again = await CampaignOkAsync(election, "node-1", "b", ttlMs: 20_000);

        Assert.Equal((first.LeaseId, first.Fence, first.Token), (again.LeaseId, again.Fence, again.Token));
        Assert.Equal(20_000, again.TtlMs);
        Assert.Equal("b", (await LeaderOkAsync(election)).Value);
    }

    [Fact]
    public async Task A_campaign_while_another_leads_is_409_naming_the_leader()
    {
        var election = NewElection();
        await CampaignOkAsync(election, "node-1");

        using var response = await CampaignAsync(election, "node-2");

        var problem = await ProblemAssert.IsProblem(response, HttpStatusCode.Conflict, "lease-held");
        Assert.Equal("node-1", problem.Holder);
        Assert.Equal(1, problem.Fence);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task A_waiting_candidate_is_elected_with_a_higher_fence_when_the_leader_resigns()
    {
        var election = NewElection();
        var first = await CampaignOkAsync(election, "node-1", "one");
        var second = CampaignOkAsync(election, "node-2", "two", waitMs: 15_000);
        await Eventually.True(async () =>
        {
            using var state = await _server.Client.GetAsync($"/v1/leases/election:{election}");
            return (await state.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("waiters").GetInt32() == 1;
        }, TimeSpan.FromSeconds(10), "node-2 waits in the election's line");
        Assert.False(second.IsCompleted);

        using var resigned = await _server.Client.PostAsJsonAsync($"/v1/elections/{election}/resign", new { leaseId = first.LeaseId });
        Assert.Equal(HttpStatusCode.NoContent, resigned.StatusCode);

        var elected = await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("node-2", elected.Leader);
        Assert.True(elected.Fence > first.Fence);
        var leader = await LeaderOkAsync(election);
        Assert.Equal(("node-2", "two", elected.Fence), (leader.Leader, leader.Value, leader.Fence));
    }

    [Fact]
    public async Task Proclaim_changes_the_value_and_keeps_the_fence_and_a_lost_leadership_cannot_proclaim()
    {
        var election = NewElection();
        var leadership = await CampaignOkAsync(election, "node-1", "old");

        using var proclaimed = await _server.Client.PostAsJsonAsync($"/v1/elections/{election}/proclaim", new { leaseId = leadership.LeaseId, value = "new" });
        Assert.Equal(HttpStatusCode.OK, proclaimed.StatusCode);
        Assert.Equal(leadership.Fence, (await proclaimed.Content.ReadFromJsonAsync<LeadershipBody>())!.Fence);
        Assert.Equal(("new", leadership.Fence), ((await LeaderOkAsync(election)).Value, (await LeaderOkAsync(election)).Fence));

        using var resigned = await _server.Client.PostAsJsonAsync($"/v1/elections/{election}/resign", new { leaseId = leadership.LeaseId });
        using var late = await _server.Client.PostAsJsonAsync($"/v1/elections/{election}/proclaim", new { leaseId = leadership.LeaseId, value = "late" });
        await ProblemAssert.IsProblem(late, HttpStatusCode.Gone, "lease-lost");
        using var again = await _server.Client.PostAsJsonAsync($"/v1/elections/{election}/resign", new { leaseId = leadership.LeaseId });
        await ProblemAssert.IsProblem(again, HttpStatusCode.Gone, "lease-lost");
    }

    [Fact]
    public async Task Nobody_leads_an_election_never_held_or_resigned_and_the_leader_route_says_404_no_leader()
    {
        var election = NewElection();
        using var never = await _server.Client.GetAsync($"/v1/elections/{election}/leader");
        await ProblemAssert.IsProblem(never, HttpStatusCode.NotFound, "no-leader");
        Assert.Equal("1", never.Headers.GetValues("Leasehold-Index").Single());

        var leadership = await CampaignOkAsync(election, "node-1", "v");
        using var resigned = await _server.Client.PostAsJsonAsync($"/v1/elections/{election}/resign", new { leaseId = leadership.LeaseId });
        using var after = await _server.Client.GetAsync($"/v1/elections/{election}/leader");
        var problem = await ProblemAssert.IsProblem(after, HttpStatusCode.NotFound, "no-leader");
        Assert.Equal(1, problem.Fence);
    }

    [Fact]
    public async Task The_leader_keeps_its_term_alive_with_the_lease_renewal_of_its_resource()
    {
        var election = NewElection();
        var leadership = await CampaignOkAsync(election, "node-1", ttlMs: 1_000);

        using var renewed = await _server.Client.PostAsJsonAsync($"/v1/leases/{leadership.Resource}/renew", new { leaseId = leadership.LeaseId, ttlMs = 30_000 });

        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        Assert.InRange((await LeaderOkAsync(election)).RemainingMs, 2_000, 30_000);
    }

    [Fact]
    public async Task A_long_poll_answers_when_the_value_changes_and_when_leadership_ends()
    {
        var election = NewElection();
        var leadership = await CampaignOkAsync(election, "node-1", "one");
        var before = await LeaderOkAsync(election);

        // Whether the poll reaches the grain before or after the proclaim, it must answer with the new value.
        var poll = LeaderOkAsync(election, $"?index={before.Index}&wait=20s");
        using var proclaimed = await _server.Client.PostAsJsonAsync($"/v1/elections/{election}/proclaim", new { leaseId = leadership.LeaseId, value = "two" });
        var changed = await poll.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("two", changed.Value);
        Assert.True(changed.Index > before.Index);

        var ended = _server.Client.GetAsync($"/v1/elections/{election}/leader?index={changed.Index}&wait=20s");
        using var resigned = await _server.Client.PostAsJsonAsync($"/v1/elections/{election}/resign", new { leaseId = leadership.LeaseId });
        using var answer = await ended.WaitAsync(TimeSpan.FromSeconds(10));
        await ProblemAssert.IsProblem(answer, HttpStatusCode.NotFound, "no-leader");
        Assert.True(long.Parse(answer.Headers.GetValues("Leasehold-Index").Single(), System.Globalization.CultureInfo.InvariantCulture) > changed.Index);
    }

    [Fact]
    public async Task A_long_poll_sees_a_term_expire_without_anyone_calling()
    {
        var election = NewElection();
        await CampaignOkAsync(election, "node-1", ttlMs: 600);
        var leader = await LeaderOkAsync(election);

        using var answer = await _server.Client.GetAsync($"/v1/elections/{election}/leader?index={leader.Index}&wait=15s").WaitAsync(TimeSpan.FromSeconds(20));

        await ProblemAssert.IsProblem(answer, HttpStatusCode.NotFound, "no-leader");
    }

    [Fact]
    public async Task A_long_poll_on_an_unchanged_election_answers_the_same_index_once_its_wait_is_over()
    {
        var election = NewElection();
        await CampaignOkAsync(election, "node-1", "v", ttlMs: 30_000);
        var leader = await LeaderOkAsync(election);

        var started = System.Diagnostics.Stopwatch.StartNew();
        var same = await LeaderOkAsync(election, $"?index={leader.Index}&wait=300ms");

        Assert.Equal(leader.Index, same.Index);
        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(250), $"answered after {started.Elapsed}");
    }

    [Fact]
    public async Task The_leaders_token_writes_its_election_keys_and_a_resigned_leaders_late_write_is_refused()
    {
        var election = NewElection();
        var first = await CampaignOkAsync(election, "node-1");
        var key = $"election:{election}.json";
        using var written = await _server.PutObjectAsync(key, first.Token, "{\"by\":1}");
        Assert.Equal(HttpStatusCode.OK, written.StatusCode);

        using var resigned = await _server.Client.PostAsJsonAsync($"/v1/elections/{election}/resign", new { leaseId = first.LeaseId });
        var second = await CampaignOkAsync(election, "node-2");
        using var newer = await _server.PutObjectAsync(key, second.Token, "{\"by\":2}");
        Assert.Equal(HttpStatusCode.OK, newer.StatusCode);

        using var late = await _server.PutObjectAsync(key, first.Token, "{\"by\":1,\"late\":true}");
        await ProblemAssert.IsProblem(late, HttpStatusCode.Conflict, "stale-fencing-token");
    }

    [Theory]
    [InlineData("bad name!", "{\"candidate\":\"c\",\"ttlMs\":1000}", "name")]
    [InlineData("ok", "{\"candidate\":\"c\"}", "ttlMs")]
    [InlineData("ok", "{\"ttlMs\":1000}", "candidate")]
    [InlineData("ok", "{\"candidate\":\"c\",\"ttlMs\":1000,\"waitMs\":-1}", "waitMs")]
    [InlineData("ok", "{\"candidate\":\"c\",\"ttlMs\":1}", "ttlMs")]
    public async Task A_campaign_with_bad_input_is_400_naming_the_field(string election, string body, string field)
    {
        using var response = await _server.Client.PostAsync($"/v1/elections/{Uri.EscapeDataString(election)}/campaign", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation");
        Assert.Contains(field, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_too_long_and_a_name_too_long_for_the_prefix_are_400()
    {
        using var value = await CampaignAsync(NewElection(), "c", new string('v', 4097));
        await ProblemAssert.IsProblem(value, HttpStatusCode.BadRequest, "validation");
        using var name = await CampaignAsync(new string('n', 192), "c");
        await ProblemAssert.IsProblem(name, HttpStatusCode.BadRequest, "validation");
        using var proclaim = await _server.Client.PostAsJsonAsync($"/v1/elections/{NewElection()}/proclaim", new { value = "v" });
        await ProblemAssert.IsProblem(proclaim, HttpStatusCode.BadRequest, "validation");
        using var resign = await _server.Client.PostAsJsonAsync($"/v1/elections/{NewElection()}/resign", new { });
        await ProblemAssert.IsProblem(resign, HttpStatusCode.BadRequest, "validation");
    }

    [Theory]
    [InlineData("?index=-1")]
    [InlineData("?index=abc")]
    [InlineData("?index=1&wait=30")]
    [InlineData("?index=1&wait=6m")]
    [InlineData("?index=1&wait=1h")]
    [InlineData("?wait=5s")]
    public async Task A_long_poll_with_a_bad_index_or_wait_is_400(string query)
    {
        using var response = await _server.Client.GetAsync($"/v1/elections/{NewElection()}/leader{query}");

        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "validation");
    }

    private sealed record LeadershipBody(string Election, string Resource, string Leader, string? Value, string LeaseId, long Fence, string Token, long TtlMs, DateTimeOffset ExpiresAtUtc);

    private sealed record LeaderBody(string Election, string Leader, string? Value, long Fence, DateTimeOffset ExpiresAtUtc, long RemainingMs, int Candidates, long Index);
}
