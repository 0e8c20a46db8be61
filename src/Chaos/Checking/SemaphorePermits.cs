using Leasehold.Chaos.Recording;

namespace Leasehold.Chaos.Checking;

/// <summary>
/// (v) A semaphore of N permits never has more than N unexpired at once, and grants no slot at or past N.
/// <para>
/// N is the number of permits its acknowledged acquires named (the first acquire fixes it; all must agree, or an
/// acquire naming another number would have been refused). Each permit is a slot's lease, so
/// <see cref="LeaseExclusion.UnexpiredSpans"/> gives, for each fence of each slot, a span in which the service surely
/// held it unexpired: from when its grant was surely done (its first acknowledged proof completed) to its certain end
/// E(F) by the same clock bound (iv) uses. More than N such spans, of any of the semaphore's slots, overlapping by more
/// than the clock tolerance means the service held more than N permits unexpired at once in its own view. Unknown
/// outcomes only ever shorten spans, so they cannot cause a false report.
/// </para>
/// </summary>
public static class SemaphorePermits
{
    /// <param name="recorded">The history as recorded (for the acquires and the numbers of permits they named).</param>
    /// <param name="asLeases">The history as leases (<see cref="SemaphoresAsLeases.View"/>), for the spans.</param>
    /// <param name="options">The clock tolerance.</param>
    public static IEnumerable<Anomaly> Check(IReadOnlyList<Operation> recorded, IReadOnlyList<Operation> asLeases, CheckOptions options)
    {
        var acquires = recorded.Where(o => o is { Kind: OperationKind.AcquirePermit, Outcome: OperationOutcome.Ok, Permits: not null })
            .GroupBy(o => SemaphoresAsLeases.NameOf(o))
            .Where(g => g.Key is not null)
            .ToDictionary(g => g.Key!, g => g.ToList());
        if (acquires.Count == 0)
        {
            yield break;
        }

        var byId = recorded.ToDictionary(o => o.Id);
        var spans = LeaseExclusion.UnexpiredSpans(asLeases)
            .Where(s => s.FromMs + options.ClockToleranceMs < s.UntilMs)
            .ToLookup(s => SemaphoresAsLeases.NameOf(s.Proof));
        foreach (var (name, granted) in acquires)
        {
            var permits = granted.Min(o => o.Permits!.Value);
            foreach (var wrong in granted.Where(o => SemaphoresAsLeases.SlotOf(o.Resource!) is not { } slot || slot >= permits || o.Permits != permits))
            {
                yield return Anomaly.Of(AnomalyKind.TooManyPermits,
                    $"Semaphore '{name}' of {permits} permits granted '{wrong.Resource}' to an acquire naming {wrong.Permits} permits.", wrong);
            }

            if (MostAtOnce(spans[name], permits, options.ClockToleranceMs) is { } crowd)
            {
                yield return Anomaly.Of(AnomalyKind.TooManyPermits,
                    $"Semaphore '{name}' of {permits} permits held {crowd.Count} unexpired at once by {crowd.Max(s => s.FromMs):0.0} ms: {string.Join(", ", crowd.Select(s => $"'{s.Resource}' fence {s.Fence} until at least {s.UntilMs:0.0} ms"))}.",
                    [.. crowd.SelectMany(s => new[] { s.Proof, s.Evidence }).Select(o => byId[o.Id])]);
            }
        }
    }

    /// <summary>The first more than <paramref name="permits"/> spans that all overlap (by more than the tolerance), or null.</summary>
    private static List<UnexpiredSpan>? MostAtOnce(IEnumerable<UnexpiredSpan> spans, int permits, double toleranceMs)
    {
        // A sweep over the starts: the spans still running at a start (ending beyond it by more than the tolerance).
        var running = new List<UnexpiredSpan>();
        foreach (var span in spans.OrderBy(s => s.FromMs))
        {
            running.RemoveAll(r => r.UntilMs <= span.FromMs + toleranceMs);
            running.Add(span);
            if (running.Count > permits)
            {
                return running;
            }
        }

        return null;
    }
}
