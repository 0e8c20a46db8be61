namespace Leasehold.Client;

/// <summary>
/// Leadership of an election, held as a <see cref="FencedLock"/> holds a lease — because it is one: the lease on
/// <c>election:NAME</c>. Campaigns (waiting up to <see cref="FencedLockOptions.Wait"/>), renews in the background at a
/// fraction of the term on the lease routes, and fires <see cref="LeadershipLost"/> as soon as the term can no longer be
/// trusted by the local monotonic clock (or the server refused a renewal); resigns on dispose, so the next candidate
/// leads at once. Server time is never used.
/// </summary>
/// <remarks>
/// Leading is never enough: a leader can pause past its term and wake up believing it still leads. Send
/// <see cref="Token"/> with every write the leader makes, to keys of its election (<c>election:NAME</c>,
/// <c>election:NAME.*</c>), so the store refuses them once a newer leader has written.
/// </remarks>
public sealed class Leadership : IAsyncDisposable
{
    private readonly LeaseholdClient _client;
    private string? _value;

    private Leadership(LeaseholdClient client, string election, string? value, FencedLock fencedLock)
    {
        _client = client;
        Election = election;
        _value = value;
        Lock = fencedLock;
    }

    /// <summary>The election.</summary>
    public string Election { get; }

    /// <summary>The leader: this candidate.</summary>
    public string Leader => Lock.Holder;

    /// <summary>The value this leader proclaims.</summary>
    public string? Value => Volatile.Read(ref _value);

    /// <summary>The election's lease: <c>election:NAME</c>.</summary>
    public string Resource => Lock.Resource;

    /// <summary>The fence of this term; renewals and proclaims keep it.</summary>
    public long Fence => Lock.Fence;

    /// <summary>The signed fencing token: send it with every write the leader makes.</summary>
    public string Token => Lock.Token;

    /// <summary>The lease id (a secret: it proclaims, renews and resigns).</summary>
    public string LeaseId => Lock.LeaseId;

    /// <summary>Cancelled as soon as the leadership can no longer be trusted; never un-cancelled. Pass it to the leader's work.</summary>
    public CancellationToken LeadershipLost => Lock.LeaseLost;

    /// <summary>Whether <see cref="LeadershipLost"/> has fired.</summary>
    public bool IsLost => Lock.IsLost;

    /// <summary>Why the leadership was lost; null while it is trusted.</summary>
    public string? LostReason => Lock.LostReason;

    /// <summary>The lock that holds the term's lease: its renewal, its local deadline, its loss signal.</summary>
    public FencedLock Lock { get; }

    /// <summary>
    /// Campaigns in <paramref name="election"/> as <see cref="FencedLockOptions.Holder"/> (default unique per process),
    /// proclaiming <paramref name="value"/>, waiting up to <see cref="FencedLockOptions.Wait"/>; then keeps the term alive.
    /// </summary>
    /// <exception cref="LeaseHeldException">Another still leads when the wait ran out.</exception>
    public static async Task<Leadership> CampaignAsync(LeaseholdClient client, string election, string? value, FencedLockOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(election);
        var fencedLock = await FencedLock.AcquireThroughAsync(
            client,
            options,
            (candidate, ttl, wait, ct) => client.CampaignAsync(election, candidate, value, ttl, wait, client.Options.Retry, ct),
            (lease, timeout, ct) => client.ResignAsync(election, lease.LeaseId, timeout, ct),
            cancellationToken).ConfigureAwait(false);
        return new Leadership(client, election, value, fencedLock);
    }

    /// <summary>Changes the proclaimed value; the fence stays.</summary>
    /// <exception cref="LeaseLostException">The leadership is lost (locally, or the server says so).</exception>
    public async Task ProclaimAsync(string? value, CancellationToken cancellationToken = default)
    {
        ThrowIfLost();
        await _client.ProclaimAsync(Election, LeaseId, value, cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _value, value);
    }

    /// <summary>Throws <see cref="LeaseLostException"/> if the leadership can no longer be trusted.</summary>
    public void ThrowIfLost()
    {
        if (IsLost)
        {
            throw new LeaseLostException($"The leadership of '{Election}' (fence {Fence}) is lost: {LostReason}.");
        }
    }

    /// <summary>Resigns: fires <see cref="LeadershipLost"/> first, then ends the term on the server (see <see cref="FencedLock.DisposeAsync"/>).</summary>
    public ValueTask ResignAsync() => Lock.DisposeAsync();

    /// <summary>Resigns.</summary>
    public ValueTask DisposeAsync() => ResignAsync();
}
