using System.Globalization;
using System.Net.Http.Json;
using Leasehold.Client.Http;
using Leasehold.Client.Wire;

namespace Leasehold.Client;

/// <summary>
/// The semaphore routes. A permit is the lease on <c>semaphore:NAME:SLOT</c>: its <see cref="Lease"/>, whose
/// <see cref="Lease.Resource"/> names the slot as its last <c>:</c> segment (<see cref="SlotOf"/>).
/// </summary>
public sealed partial class LeaseholdClient
{
    /// <summary>
    /// Acquires one of the <paramref name="permits"/> permits of <paramref name="semaphore"/> for <paramref name="holder"/>,
    /// waiting in its fair line up to <paramref name="wait"/> (at most the server's <c>Leases:WaitMax</c>), and answers the
    /// slot's lease. Asking again as a holder of a permit returns the same one, so this is retried after an unknown outcome.
    /// For a permit that keeps itself alive and says when it is lost, use <see cref="AcquirePermitAsync(string, int, FencedLockOptions?, CancellationToken)"/>.
    /// </summary>
    /// <exception cref="SemaphoreFullException">Every permit is still held after the wait.</exception>
    /// <exception cref="LeaseholdException">409 <c>permits-mismatch</c>: the semaphore has another number of permits.</exception>
    public Task<Lease> AcquirePermitLeaseAsync(string semaphore, string holder, int permits, TimeSpan ttl, TimeSpan wait = default, CancellationToken cancellationToken = default) =>
        AcquirePermitLeaseAsync(semaphore, holder, permits, ttl, wait, Options.Retry, cancellationToken);

    /// <summary>Acquires a permit that renews itself: see <see cref="SemaphorePermit.AcquireAsync"/>.</summary>
    public Task<SemaphorePermit> AcquirePermitAsync(string semaphore, int permits, FencedLockOptions? options = null, CancellationToken cancellationToken = default) =>
        SemaphorePermit.AcquireAsync(this, semaphore, permits, options, cancellationToken);

    /// <summary>Acquires a permit that renews itself for <paramref name="holder"/>: see <see cref="SemaphorePermit.AcquireAsync"/>.</summary>
    public Task<SemaphorePermit> AcquirePermitAsync(string semaphore, string holder, int permits, TimeSpan ttl, TimeSpan wait, CancellationToken cancellationToken = default) =>
        SemaphorePermit.AcquireAsync(this, semaphore, permits, new FencedLockOptions { Holder = holder, Ttl = ttl, Wait = wait }, cancellationToken);

    /// <summary>Extends the permit of <paramref name="slot"/> by <paramref name="ttl"/> from now (null: its own TTL). Retried after an unknown outcome.</summary>
    /// <exception cref="LeaseLostException">The permit is gone: expired, released, or granted again.</exception>
    public Task<Lease> RenewPermitAsync(string semaphore, int slot, string leaseId, TimeSpan? ttl = null, CancellationToken cancellationToken = default)
    {
        var name = Name(semaphore, nameof(semaphore));
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        var body = new PermitRenewBody(slot, leaseId, ttl is { } t ? Millis(t) : null);
        return _transport.SendAsync(
            PermitCall($"renew slot {slot} of '{semaphore}'", $"v1/semaphores/{name}/renew", () => JsonContent.Create(body, ClientJsonContext.Default.PermitRenewBody), Options.RequestTimeout, Options.Retry),
            cancellationToken);
    }

    /// <summary>
    /// Releases the permit of <paramref name="slot"/>; the first in the semaphore's line gets it at once. Retried after an
    /// unknown outcome; a retry that finds it gone counts as released.
    /// </summary>
    /// <exception cref="LeaseLostException">The permit was already gone before this call.</exception>
    public Task ReleasePermitAsync(string semaphore, int slot, string leaseId, CancellationToken cancellationToken = default) =>
        ReleasePermitAsync(semaphore, slot, leaseId, Options.RequestTimeout, cancellationToken);

    /// <summary>The semaphore's permits, who holds them and how many wait; null when it was never acquired.</summary>
    public async Task<SemaphoreState?> GetSemaphoreAsync(string semaphore, CancellationToken cancellationToken = default)
    {
        var name = Name(semaphore, nameof(semaphore));
        try
        {
            return await _transport.SendAsync(
                Json($"get semaphore '{semaphore}'", () => new HttpRequestMessage(HttpMethod.Get, $"v1/semaphores/{name}"), ClientJsonContext.Default.SemaphoreState),
                cancellationToken).ConfigureAwait(false);
        }
        catch (LeaseholdException e) when (e.Type == ProblemTypes.SemaphoreNotFound)
        {
            return null;
        }
    }

    /// <summary>The slot a permit's lease is for: the last <c>:</c> segment of <c>semaphore:NAME:SLOT</c>.</summary>
    public static int SlotOf(Lease permit)
    {
        ArgumentNullException.ThrowIfNull(permit);
        var resource = permit.Resource;
        return int.Parse(resource.AsSpan(resource.LastIndexOf(':') + 1), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    internal Task<Lease> AcquirePermitLeaseAsync(string semaphore, string holder, int permits, TimeSpan ttl, TimeSpan wait, RetryPolicy retry, CancellationToken cancellationToken)
    {
        var name = Name(semaphore, nameof(semaphore));
        ArgumentException.ThrowIfNullOrEmpty(holder);
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero);
        var body = new PermitAcquireBody(holder, Millis(ttl), permits, wait > TimeSpan.Zero ? Millis(wait) : null);
        return _transport.SendAsync(
            PermitCall($"acquire a permit of '{semaphore}'", $"v1/semaphores/{name}/acquire", () => JsonContent.Create(body, ClientJsonContext.Default.PermitAcquireBody), Options.RequestTimeout + wait, retry),
            cancellationToken);
    }

    internal Task ReleasePermitAsync(string semaphore, int slot, string leaseId, TimeSpan attemptTimeout, CancellationToken cancellationToken)
    {
        var name = Name(semaphore, nameof(semaphore));
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        var body = new PermitReleaseBody(slot, leaseId);
        return EndGrantAsync(
            $"release slot {slot} of '{semaphore}'", $"v1/semaphores/{name}/release", () => JsonContent.Create(body, ClientJsonContext.Default.PermitReleaseBody), attemptTimeout, cancellationToken);
    }

    private static Call<Lease> PermitCall(string description, string path, Func<HttpContent> content, TimeSpan attemptTimeout, RetryPolicy retry) => new(
        description,
        () => new HttpRequestMessage(HttpMethod.Post, path) { Content = content() },
        async (response, sentAt, ct) =>
        {
            var body = await response.Content.ReadFromJsonAsync(ClientJsonContext.Default.PermitBody, ct).ConfigureAwait(false)
                ?? throw new LeaseholdException($"{description}: the response had no permit.");
            return new Lease(body.Resource, body.Holder, body.LeaseId, body.Fence, body.Token, TimeSpan.FromMilliseconds(body.TtlMs), body.ExpiresAtUtc, sentAt);
        },
        Retryability.Idempotent,
        attemptTimeout,
        retry);
}
