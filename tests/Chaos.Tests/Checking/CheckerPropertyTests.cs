using FsCheck.Xunit;
using Leasehold.Chaos.Checking;
using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Tests.Checking;

public sealed class CheckerPropertyTests
{
    [Property(MaxTest = 300)]
    public void Every_history_a_correct_service_can_produce_checks_out(int seed)
    {
        var report = HistoryChecker.Check(SimulatedService.History(seed), new CheckOptions { RequireFinalReads = true });

        Assert.True(report.IsValid, report.ToString());
    }

    [Property(MaxTest = 300)]
    public void Acknowledging_any_refused_stale_write_is_caught(int seed)
    {
        var history = SimulatedService.History(seed);
        var acknowledged = history.Where(o => o is { Kind: OperationKind.Write, Outcome: OperationOutcome.Ok }).ToList();
        var stale = history.FirstOrDefault(w => w is { Kind: OperationKind.Write, Outcome: OperationOutcome.Fail }
            && acknowledged.Any(a => a.CompletedMs < w.InvokedMs && a.Fence > w.Fence));
        if (stale is null)
        {
            return;
        }

        var broken = history.Select(o => o == stale ? o with { Outcome = OperationOutcome.Ok, Status = 200 } : o).ToList();

        Assert.Contains(HistoryChecker.Check(broken).Anomalies, a => a.Kind == AnomalyKind.StaleWriteAcknowledged && a.Operations.Any(o => o.Id == stale.Id));
    }

    [Property(MaxTest = 300)]
    public void Granting_the_next_fence_while_the_lease_is_held_is_caught(int seed)
    {
        // Take any acknowledged grant and claim the next fence was handed out one millisecond after it.
        var history = SimulatedService.History(seed);
        var grant = history.FirstOrDefault(o => o is { Kind: OperationKind.Acquire, Outcome: OperationOutcome.Ok, TtlMs: > 10 });
        if (grant is null)
        {
            return;
        }

        var intruder = grant with { Id = history.Count + 1, Client = "intruder", Holder = "intruder", LeaseId = "intruder", Fence = grant.Fence + 1_000, InvokedMs = grant.CompletedMs, CompletedMs = grant.CompletedMs + 1 };

        Assert.Contains(HistoryChecker.Check([.. history, intruder]).Anomalies, a => a.Kind == AnomalyKind.TwoUnexpiredLeases);
    }
}
