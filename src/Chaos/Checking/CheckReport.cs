namespace Leasehold.Chaos.Checking;

/// <summary>The checker's verdict on one history.</summary>
/// <param name="Anomalies">Every violation found; empty when the history checks out.</param>
public sealed record CheckReport(IReadOnlyList<Anomaly> Anomalies)
{
    public bool IsValid => Anomalies.Count == 0;

    /// <summary>Anomalies counted by property.</summary>
    public IReadOnlyDictionary<AnomalyKind, int> CountByKind =>
        Anomalies.GroupBy(a => a.Kind).ToDictionary(g => g.Key, g => g.Count());

    public override string ToString() =>
        IsValid ? "no anomalies" : string.Join(Environment.NewLine, Anomalies.Select(a => a.ToString()));
}
