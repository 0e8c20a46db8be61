namespace Leasehold.Runtime.Membership;

/// <summary>Joining and this silo's own row: insert, replace earlier generations, probe, move forward.</summary>
public sealed partial class ClusterMembershipService
{
    private async Task InsertOwnRowAsync(CancellationToken cancellationToken)
    {
        var row = new MembershipRow(LocalSilo, SiloStatus.Joining, [], _startedAt, _time.GetUtcNow());
        for (var attempt = 0; attempt < MaxOwnRowAttempts; attempt++)
        {
            var table = await ReadAsync(cancellationToken).ConfigureAwait(false);
            if (Find(table, LocalSilo) is not null ||
                await WriteUnlessSilenced(() => _table.InsertRowAsync(_clusterId, row, table.Version, cancellationToken), false).ConfigureAwait(false))
            {
                // Read back, so the view holds this silo's row before a missing row can mean fail-stop.
                await ReadAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        throw Contended("insert its row");
    }

    private async Task ReplacePreviousGenerationsAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxOwnRowAttempts; attempt++)
        {
            var table = LastRead;
            var previous = table.Rows.FirstOrDefault(r =>
                r.Row.Silo.Endpoint.Equals(LocalSilo.Endpoint) && r.Row.Silo.Generation < LocalSilo.Generation && r.Row.Status != SiloStatus.Dead);
            if (previous.Row is null)
            {
                return;
            }

            // One row per compare-and-swap: each success moves the version, so re-read before the next.
            var replaced = previous.Row with { Status = SiloStatus.Dead };
            if (await WriteUnlessSilenced(() => _table.UpdateRowAsync(_clusterId, replaced, previous.ETag, table.Version, cancellationToken), false)
                    .ConfigureAwait(false))
            {
                LogReplacedGeneration(_logger, previous.Row.Silo, LocalSilo);
            }

            await ReadAsync(cancellationToken).ConfigureAwait(false);
        }

        throw Contended("mark its previous generation Dead");
    }

    private async Task ProbeActiveSilosAsync(CancellationToken cancellationToken)
    {
        var silent = LastRead.Rows
            .Where(r => r.Row.Status == SiloStatus.Active && r.Row.Silo != LocalSilo)
            .Select(r => r.Row.Silo)
            .ToList();
        var total = silent.Count;
        for (var round = 1; silent.Count > 0; round++)
        {
            var answers = await Task.WhenAll(silent.Select(s => ProbeAsync(s, cancellationToken))).ConfigureAwait(false);
            silent = silent.Where((_, i) => !answers[i]).ToList();
            if (silent.Count == 0 || round == JoinProbeRounds)
            {
                break;
            }

            await Task.Delay(_options.ProbeInterval, _time, cancellationToken).ConfigureAwait(false);
        }

        // Going Active anyway is safe: if this silo really cannot reach its peers, they cannot reach it
        // either, and their majority votes it out; one joiner's view decides nothing.
        if (silent.Count > 0)
        {
            LogJoinedWithSilentSilos(_logger, LocalSilo, silent.Count, total, string.Join(", ", silent));
        }
    }

    /// <summary>Moves this silo's own row forward to <paramref name="status"/>; false if the row is gone or Dead (someone else decided).</summary>
    private async Task<bool> MoveOwnRowAsync(SiloStatus status, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxOwnRowAttempts; attempt++)
        {
            var table = await ReadAsync(cancellationToken).ConfigureAwait(false);
            if (_silenced || Find(table, LocalSilo) is not { } own || own.Row.Status == SiloStatus.Dead)
            {
                return false;
            }

            if (own.Row.Status >= status)
            {
                return true;
            }

            var moved = own.Row with { Status = status, IAmAliveAtUtc = _time.GetUtcNow() };
            if (await WriteUnlessSilenced(() => _table.UpdateRowAsync(_clusterId, moved, own.ETag, table.Version, cancellationToken), false)
                    .ConfigureAwait(false))
            {
                LogStatusWritten(_logger, LocalSilo, status);
                await ReadAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
        }

        throw Contended($"move its row to {status}");
    }

    private InvalidOperationException Contended(string what) =>
        new($"Silo {LocalSilo} could not {what}: the membership table changed under each of {MaxOwnRowAttempts} attempts.");
}
