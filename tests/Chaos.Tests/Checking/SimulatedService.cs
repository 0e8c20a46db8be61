using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Tests.Checking;

/// <summary>
/// A correct lease service and fenced store, simulated: each operation takes effect at one instant inside its
/// [invoked, completed] window, in a random interleaving, with random unknown outcomes (whose effect may or may not
/// have happened). Every history it makes is one a correct Leasehold could produce, so the checker must accept it.
/// </summary>
internal static class SimulatedService
{
    public static IReadOnlyList<Operation> History(int seed, int operations = 200)
    {
        var random = new Random(seed);
        var h = new HistoryBuilder();
        var clients = new[] { "c0", "c1", "c2", "c3" };
        var leases = new Dictionary<string, (string Id, long Fence)>();
        (string? Id, string? Holder, long Fence, double ExpiresAt) lease = (null, null, 0, 0);
        (long Fence, string? Value) store = (0, null);
        var effect = 0.0;
        for (var i = 0; i < operations; i++)
        {
            effect += random.Next(1, 120);
            var invoked = effect - random.Next(0, 80);
            var completed = effect + random.Next(0, 80);
            var client = clients[random.Next(clients.Length)];
            var unknown = random.NextDouble() < 0.1;
            var applied = !unknown || random.Next(2) == 0;
            var outcome = unknown ? OperationOutcome.Unknown : OperationOutcome.Ok;
            var held = lease.Id is not null && effect < lease.ExpiresAt;
            switch (random.Next(5))
            {
                case 0:
                    var ttl = random.Next(100, 600);
                    if (held && lease.Holder != client)
                    {
                        h.Acquire(client, "r", 0, "-", invoked, completed, outcome: unknown ? OperationOutcome.Unknown : OperationOutcome.Fail);
                        break;
                    }

                    var id = held ? lease.Id! : $"lease-{i}";
                    var fence = held ? lease.Fence : lease.Fence + 1;
                    if (applied)
                    {
                        lease = (id, client, fence, effect + ttl);
                        if (!unknown)
                        {
                            leases[client] = (id, fence);
                        }
                    }

                    h.Acquire(client, "r", fence, id, invoked, completed, ttl, outcome);
                    break;
                case 1 when leases.TryGetValue(client, out var mine):
                    var releasable = held && lease.Id == mine.Id;
                    if (releasable && applied)
                    {
                        lease = (null, null, lease.Fence, effect);
                    }

                    h.Release(client, "r", mine.Fence, mine.Id, invoked, completed, releasable ? outcome : unknown ? OperationOutcome.Unknown : OperationOutcome.Fail);
                    break;
                case 2 when leases.TryGetValue(client, out var mine):
                    var accepted = mine.Fence >= store.Fence;
                    var value = $"{client}-{i}";
                    if (accepted && applied)
                    {
                        store = (mine.Fence, value);
                    }

                    h.Write(client, "k", mine.Fence, value, invoked, completed, accepted ? outcome : unknown ? OperationOutcome.Unknown : OperationOutcome.Fail);
                    break;
                case 3:
                    h.Read("k", store.Value is null ? null : store.Fence, store.Value, invoked, completed);
                    break;
                default:
                    h.Sample("r", lease.Fence, held, held ? lease.Holder : null, held ? (long)Math.Floor(lease.ExpiresAt - effect) : null, invoked, completed);
                    break;
            }
        }

        effect += 1_000;
        h.Read("k", store.Value is null ? null : store.Fence, store.Value, effect, effect + 5, client: "final");
        return h.Operations;
    }
}
