namespace Leasehold.Client;

/// <summary>
/// A granted lease. <see cref="LeaseId"/> renews and releases it, <see cref="Token"/> goes with every
/// fenced write. Neither is printed by <see cref="ToString"/>: they are secrets.
/// </summary>
/// <param name="Resource">The leased resource.</param>
/// <param name="Holder">Who holds it.</param>
/// <param name="LeaseId">The handle for renew and release.</param>
/// <param name="Fence">The fence; grows with every grant on this resource.</param>
/// <param name="Token">The signed fencing token; send it with writes (<see cref="LeaseholdClient.PutObjectAsync(string, ReadOnlyMemory{byte}, string, string?, CancellationToken)"/>).</param>
/// <param name="Ttl">Time to live of this grant.</param>
/// <param name="ExpiresAtUtc">Expiry by the server's wall clock: for display only, never for deciding.</param>
/// <param name="SentAtTimestamp">
/// The client's <see cref="TimeProvider.GetTimestamp"/> just before the request that granted this lease was
/// sent. The lease is valid for at most <see cref="Ttl"/> after this instant on the local monotonic clock.
/// </param>
/// <param name="Mode">Exclusive (its token writes) or shared (a reader's: its token cannot write).</param>
public sealed record Lease(
    string Resource,
    string Holder,
    string LeaseId,
    long Fence,
    string Token,
    TimeSpan Ttl,
    DateTimeOffset ExpiresAtUtc,
    long SentAtTimestamp,
    LeaseMode Mode = LeaseMode.Exclusive)
{
    public override string ToString() => $"Lease {{ Resource = {Resource}, Holder = {Holder}, Fence = {Fence}, Ttl = {Ttl}, Mode = {Mode} }}";
}
