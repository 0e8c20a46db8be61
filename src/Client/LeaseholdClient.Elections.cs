using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using Leasehold.Client.Http;
using Leasehold.Client.Wire;

namespace Leasehold.Client;

/// <summary>The election routes. An election's leadership is the lease on <c>election:NAME</c>: its <see cref="Lease"/>.</summary>
public sealed partial class LeaseholdClient
{
    /// <summary>The response header that carries an election's index.</summary>
    public const string IndexHeader = "Leasehold-Index";

    /// <summary>
    /// Campaigns for <paramref name="candidate"/> in <paramref name="election"/>, waiting in line up to <paramref name="wait"/>
    /// (at most the server's <c>Leases:WaitMax</c>), and answers the term's lease (resource <c>election:NAME</c>).
    /// Campaigning again as the leader returns the same lease and fence, so this is retried after an unknown outcome.
    /// For leadership that keeps itself alive and says when it is lost, use <see cref="ElectAsync"/>.
    /// </summary>
    /// <exception cref="LeaseHeldException">Another leads after the wait (<see cref="LeaseHeldException.Holder"/> names it).</exception>
    public Task<Lease> CampaignAsync(string election, string candidate, string? value, TimeSpan ttl, TimeSpan wait = default, CancellationToken cancellationToken = default) =>
        CampaignAsync(election, candidate, value, ttl, wait, Options.Retry, cancellationToken);

    /// <summary>The leader of <paramref name="leaseId"/> changes its value; the fence stays, the term is renewed. Retried after an unknown outcome.</summary>
    /// <exception cref="LeaseLostException">The leadership ended.</exception>
    public Task<Lease> ProclaimAsync(string election, string leaseId, string? value, CancellationToken cancellationToken = default)
    {
        var name = Name(election, nameof(election));
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        var body = new ProclaimBody(leaseId, value);
        return _transport.SendAsync(
            LeadershipCall($"proclaim in '{election}'", $"v1/elections/{name}/proclaim", () => JsonContent.Create(body, ClientJsonContext.Default.ProclaimBody), Options.RequestTimeout, Options.Retry),
            cancellationToken);
    }

    /// <summary>Ends the leadership of <paramref name="leaseId"/> now; the next candidate in line leads with a higher fence.</summary>
    /// <exception cref="LeaseLostException">The leadership was already gone before this call.</exception>
    public Task ResignAsync(string election, string leaseId, CancellationToken cancellationToken = default) =>
        ResignAsync(election, leaseId, Options.RequestTimeout, cancellationToken);

    /// <summary>Who leads <paramref name="election"/>; null when nobody does.</summary>
    public async Task<ElectionLeader?> GetLeaderAsync(string election, CancellationToken cancellationToken = default) =>
        (await ObserveLeaderAsync(election, null, TimeSpan.Zero, cancellationToken).ConfigureAwait(false)).Leader;

    /// <summary>
    /// A long-poll: answers once the election's index differs from <paramref name="index"/> (null: at once), or after
    /// <paramref name="wait"/> (at most 5 minutes) with the leadership as it is.
    /// </summary>
    public Task<LeaderChange> ObserveLeaderAsync(string election, long? index, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var name = Name(election, nameof(election));
        var query = index is { } n
            ? $"?index={n.ToString(CultureInfo.InvariantCulture)}&wait={Millis(wait).ToString(CultureInfo.InvariantCulture)}ms"
            : string.Empty;
        var call = new Call<LeaderChange>(
            $"get the leader of '{election}'",
            () => new HttpRequestMessage(HttpMethod.Get, $"v1/elections/{name}/leader{query}"),
            async (response, _, ct) =>
            {
                var leader = await response.Content.ReadFromJsonAsync(ClientJsonContext.Default.ElectionLeader, ct).ConfigureAwait(false)
                    ?? throw new LeaseholdException($"get the leader of '{election}': the response had no body.");
                return new LeaderChange(leader, leader.Index);
            },
            Retryability.Idempotent,
            Options.RequestTimeout + (index is null ? TimeSpan.Zero : wait),
            Options.Retry);
        return ObserveAsync(call, cancellationToken);
    }

    /// <summary>
    /// Every change of <paramref name="election"/>'s leadership or value, beginning with how it is now, by long-polls of
    /// <paramref name="wait"/> each (default 30 s); ends when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public async IAsyncEnumerable<LeaderChange> WatchLeaderAsync(string election, TimeSpan? wait = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var current = await ObserveLeaderAsync(election, null, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        yield return current;
        while (!cancellationToken.IsCancellationRequested)
        {
            var next = await ObserveLeaderAsync(election, current.Index, wait ?? TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            if (next.Index != current.Index)
            {
                yield return next;
            }

            current = next;
        }
    }

    /// <summary>Campaigns for leadership that renews itself: see <see cref="Leadership.CampaignAsync"/>.</summary>
    public Task<Leadership> ElectAsync(string election, string? value, FencedLockOptions? options = null, CancellationToken cancellationToken = default) =>
        Leadership.CampaignAsync(this, election, value, options, cancellationToken);

    internal Task<Lease> CampaignAsync(string election, string candidate, string? value, TimeSpan ttl, TimeSpan wait, RetryPolicy retry, CancellationToken cancellationToken)
    {
        var name = Name(election, nameof(election));
        ArgumentException.ThrowIfNullOrEmpty(candidate);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero);
        var body = new CampaignBody(candidate, value, Millis(ttl), wait > TimeSpan.Zero ? Millis(wait) : null);
        return _transport.SendAsync(
            LeadershipCall($"campaign in '{election}'", $"v1/elections/{name}/campaign", () => JsonContent.Create(body, ClientJsonContext.Default.CampaignBody), Options.RequestTimeout + wait, retry),
            cancellationToken);
    }

    internal Task ResignAsync(string election, string leaseId, TimeSpan attemptTimeout, CancellationToken cancellationToken)
    {
        var name = Name(election, nameof(election));
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        var body = new ReleaseBody(leaseId);
        return EndGrantAsync($"resign from '{election}'", $"v1/elections/{name}/resign", () => JsonContent.Create(body, ClientJsonContext.Default.ReleaseBody), attemptTimeout, cancellationToken);
    }

    private async Task<LeaderChange> ObserveAsync(Call<LeaderChange> call, CancellationToken cancellationToken)
    {
        try
        {
            return await _transport.SendAsync(call, cancellationToken).ConfigureAwait(false);
        }
        catch (NoLeaderException e)
        {
            return new LeaderChange(null, e.Index ?? 0);
        }
    }

    private static Call<Lease> LeadershipCall(string description, string path, Func<HttpContent> content, TimeSpan attemptTimeout, RetryPolicy retry) => new(
        description,
        () => new HttpRequestMessage(HttpMethod.Post, path) { Content = content() },
        async (response, sentAt, ct) =>
        {
            var body = await response.Content.ReadFromJsonAsync(ClientJsonContext.Default.LeadershipBody, ct).ConfigureAwait(false)
                ?? throw new LeaseholdException($"{description}: the response had no leadership.");
            return new Lease(body.Resource, body.Leader, body.LeaseId, body.Fence, body.Token, TimeSpan.FromMilliseconds(body.TtlMs), body.ExpiresAtUtc, sentAt);
        },
        Retryability.Idempotent,
        attemptTimeout,
        retry);
}
