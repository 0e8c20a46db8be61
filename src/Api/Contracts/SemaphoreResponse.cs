using Leasehold.Grains;

namespace Leasehold.Api.Contracts;

/// <summary>A semaphore's public state: never a lease id or a token.</summary>
/// <param name="Semaphore">The semaphore's name.</param>
/// <param name="Permits">How many permits it has.</param>
/// <param name="Held">The unexpired permits, by slot.</param>
/// <param name="Waiters">How many acquires wait in its line.</param>
public sealed record SemaphoreResponse(string Semaphore, int Permits, IReadOnlyList<HeldPermitResponse> Held, int Waiters)
{
    public static SemaphoreResponse From(SemaphoreView view) =>
        new(view.Name, view.Permits, [.. view.Held.Select(p => new HeldPermitResponse(p.Slot, p.Holder, p.Fence, p.ExpiresAtUtc, (long)p.Remaining.TotalMilliseconds))], view.Waiters);
}
