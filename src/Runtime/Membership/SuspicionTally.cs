namespace Leasehold.Runtime.Membership;

/// <summary>
/// Counts the votes against a suspect, as one silo about to add its own. The rule: a suspect is Dead once
/// fresh votes (within <see cref="MembershipOptions.SuspicionWindow"/>) from Active silos, this one included,
/// are more than half of the suspect's Active peers (the Active silos other than the suspect). With three
/// silos that is two votes; with two, one. Backstop: a suspect whose own I-am-alive is older than the window
/// has not written to the table for that long either, and this silo's vote suffices — otherwise silos that
/// crashed together (a whole cluster killed and restarted elsewhere) would outvote the living forever.
/// </summary>
internal static class SuspicionTally
{
    /// <summary>
    /// The row this silo should write to vote against <paramref name="suspect"/> (Dead if the vote decides),
    /// or null if there is nothing to write: the voter is not Active, the suspect is no longer Active, or the
    /// voter's own vote is still young and would not decide.
    /// </summary>
    public static SuspicionVerdict? Vote(
        MembershipTableSnapshot table, MembershipRow suspect, SiloAddress voter, DateTimeOffset now, MembershipOptions options)
    {
        var peers = table.Rows
            .Where(r => r.Row.Status == SiloStatus.Active && r.Row.Silo != suspect.Silo)
            .Select(r => r.Row.Silo)
            .ToHashSet();
        if (suspect.Status != SiloStatus.Active || !peers.Contains(voter))
        {
            return null;
        }

        var freshSince = now - options.SuspicionWindow;
        var others = suspect.Suspicions
            .Where(v => v.Voter != voter && v.AtUtc > freshSince && peers.Contains(v.Voter))
            .GroupBy(v => v.Voter, (_, votes) => votes.MaxBy(v => v.AtUtc)!)
            .ToList();
        var votes = others.Count + 1;
        var needed = peers.Count / 2 + 1;
        var silentInTable = suspect.IAmAliveAtUtc <= freshSince;
        var dead = votes >= needed || silentInTable;

        // Re-vote before the old vote expires (half a window), so that two voters whose probes fail at
        // different times still overlap; in between, stay quiet: every write bumps the version.
        var own = suspect.Suspicions.Where(v => v.Voter == voter).MaxBy(v => v.AtUtc);
        if (!dead && own is not null && own.AtUtc > now - options.SuspicionWindow / 2)
        {
            return null;
        }

        // Expired votes and votes of silos no longer Active are dropped; this voter's older vote is replaced.
        var row = suspect with
        {
            Status = dead ? SiloStatus.Dead : suspect.Status,
            Suspicions = [.. others, new SuspicionVote(voter, now)],
        };
        return new SuspicionVerdict(row, votes, needed, silentInTable);
    }
}
