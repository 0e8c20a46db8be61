namespace Leasehold.Client;

/// <summary>A semaphore's public state (<c>GET /v1/semaphores/{name}</c>): never a lease id or a token.</summary>
/// <param name="Semaphore">The semaphore.</param>
/// <param name="Permits">How many permits it has.</param>
/// <param name="Held">The unexpired permits, by slot.</param>
/// <param name="Waiters">How many acquires wait in its line.</param>
public sealed record SemaphoreState(string Semaphore, int Permits, IReadOnlyList<HeldPermit> Held, int Waiters);
