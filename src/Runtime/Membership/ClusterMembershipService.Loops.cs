namespace Leasehold.Runtime.Membership;

/// <summary>The background loops: I-am-alive, table refresh, and probing with suspicion votes.</summary>
public sealed partial class ClusterMembershipService
{
    /// <summary>The one owner of the loops; each loop survives its own failures, so this ends only when the silo is silenced.</summary>
    private Task RunLoopsAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(
            RunEveryAsync("I-am-alive", _options.IAmAliveInterval, WriteIAmAliveAsync, cancellationToken),
            RunEveryAsync("table refresh", _options.TableRefreshInterval, ReadAsync, cancellationToken),
            RunEveryAsync("probe", _options.ProbeInterval, ProbeSuccessorsAsync, cancellationToken));

    private async Task RunEveryAsync(string loop, TimeSpan interval, Func<CancellationToken, Task> tick, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (Pause is { } pause)
                {
                    await pause.WhenRunningAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
                }

                try
                {
                    await tick(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // The table may be briefly unreachable; the next tick tries again. Not answering for long
                    // enough is exactly what gets a silo voted out, so no retry storm here.
                    LogLoopFailed(_logger, loop, LocalSilo, ex);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private Task WriteIAmAliveAsync(CancellationToken cancellationToken) =>
        WriteUnlessSilenced(async () =>
        {
            await _table.UpdateIAmAliveAsync(_clusterId, LocalSilo, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            return true;
        }, false);

    private async Task ProbeSuccessorsAsync(CancellationToken cancellationToken)
    {
        var table = LastRead;
        if (Find(table, LocalSilo) is not { Row.Status: SiloStatus.Active })
        {
            // Only Active silos watch others: a joining silo has not been checked yet, a leaving one no longer counts.
            _missedProbes.Clear();
            return;
        }

        var active = table.Rows.Where(r => r.Row.Status == SiloStatus.Active).Select(r => r.Row.Silo).ToList();

        // Each silo is watched by its predecessors on the ring, as many as each watches; a majority of a
        // silo's peers can only vote it Dead if at least that many watch it, so ProbedSilos is a minimum.
        var watched = Math.Max(_options.ProbedSilos, (active.Count - 1) / 2 + 1);
        var targets = MembershipRing.Successors(active, LocalSilo, watched);
        foreach (var gone in _missedProbes.Keys.Except(targets).ToList())
        {
            _missedProbes.Remove(gone);
        }

        var answers = await Task.WhenAll(targets.Select(t => ProbeAsync(t, cancellationToken))).ConfigureAwait(false);
        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i];
            if (answers[i])
            {
                _missedProbes.Remove(target);
                continue;
            }

            var missed = _missedProbes[target] = _missedProbes.GetValueOrDefault(target) + 1;
            LogProbeMissed(_logger, target, missed);
            if (missed >= _options.MissedProbesLimit)
            {
                await SuspectAsync(target, cancellationToken).ConfigureAwait(false);
            }
        }

        Interlocked.Increment(ref _probeRounds);
    }

    private async Task<bool> ProbeAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        try
        {
            // The prober promises to honour the timeout; the WaitAsync keeps a prober that does not from stalling the loop.
            return await _prober.ProbeAsync(silo, _options.ProbeTimeout, cancellationToken)
                .WaitAsync(_options.ProbeTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogProbeFailed(_logger, silo, ex);
            return false;
        }
    }

    /// <summary>
    /// Adds this silo's vote against <paramref name="suspect"/> with a compare-and-swap on its row, writing
    /// Dead in the same swap if the vote makes a majority. A lost swap means another silo wrote first
    /// (perhaps its own vote): re-read and count again.
    /// </summary>
    private async Task SuspectAsync(SiloAddress suspect, CancellationToken cancellationToken)
    {
        var table = LastRead;
        for (var attempt = 0; attempt < MaxVoteAttempts && !_silenced; attempt++)
        {
            if (Find(table, suspect) is not { } entry ||
                SuspicionTally.Vote(table, entry.Row, LocalSilo, _time.GetUtcNow(), _options) is not { } verdict)
            {
                return;
            }

            if (await WriteUnlessSilenced(() => _table.UpdateRowAsync(_clusterId, verdict.Row, entry.ETag, table.Version, cancellationToken), false)
                    .ConfigureAwait(false))
            {
                if (verdict.DeclaresDead)
                {
                    LogDeclaredDead(_logger, suspect, LocalSilo, verdict.Votes, verdict.VotesNeeded, verdict.SilentInTable);
                }
                else
                {
                    LogSuspected(_logger, suspect, LocalSilo, verdict.Votes, verdict.VotesNeeded);
                }

                await ReadAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            LogVoteLost(_logger, suspect, table.Version);
            table = await ReadAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
