using Microsoft.Extensions.Logging;

namespace Leasehold.Runtime.Membership;

/// <summary>The view: reading the table, adopting newer versions, raising <see cref="Changed"/>, noticing this silo's own death.</summary>
public sealed partial class ClusterMembershipService
{
    /// <summary>Reads the whole table and makes it this silo's view if it is not older than the view.</summary>
    private async Task<MembershipTableSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var table = await _table.ReadAllAsync(_clusterId, cancellationToken).ConfigureAwait(false);
        Apply(table);
        return table;
    }

    private void Apply(MembershipTableSnapshot table)
    {
        MembershipSnapshot? grown = null;
        lock (_lock)
        {
            // Reads may finish out of order; an older one says nothing the newer one did not.
            if (table.Version < _lastRead.Version)
            {
                return;
            }

            var previousVersion = _lastRead.Version;
            _lastRead = table;
            var view = new MembershipSnapshot(table.Version,
                [.. table.Rows.Select(r => new SiloEntry(r.Row.Silo, r.Row.Status, r.Row.StartedAtUtc, r.Row.IAmAliveAtUtc))]);
            Volatile.Write(ref _current, view);
            if (table.Version > previousVersion)
            {
                grown = view;
                if (_logger.IsEnabled(LogLevel.Debug))
                {
                    var activeCount = view.Silos.Count(s => s.Status == SiloStatus.Active);
                    LogViewChanged(_logger, table.Version, activeCount);
                }
            }
        }

        // Dead is final, so one read that shows it is enough. A leaving silo writes its own Dead row.
        if (_joined && !_leaving && !_silenced)
        {
            var own = Find(table, LocalSilo);
            if (own is null || own.Value.Row.Status == SiloStatus.Dead)
            {
                FailStop(own is null
                    ? $"the membership table at version {table.Version} no longer has a row for {LocalSilo}"
                    : $"the membership table at version {table.Version} says {LocalSilo} is Dead");
            }
        }

        if (grown is not null)
        {
            RaiseChanged(grown);
        }
    }

    private void RaiseChanged(MembershipSnapshot view)
    {
        // Serialized and in version order, so a handler never sees the view go back.
        lock (_changedLock)
        {
            if (view.Version <= _lastRaisedVersion)
            {
                return;
            }

            _lastRaisedVersion = view.Version;
            using var span = RuntimeDiagnostics.StartMembershipChange(LocalSilo, _lastRaisedView, view);
            _lastRaisedView = view;
            try
            {
                Changed?.Invoke(view);
            }
            catch (Exception ex)
            {
                LogChangedHandlerFailed(_logger, view.Version, ex);
            }
        }
    }

    private MembershipTableSnapshot LastRead
    {
        get
        {
            lock (_lock)
            {
                return _lastRead;
            }
        }
    }

    private static (MembershipRow Row, string ETag)? Find(MembershipTableSnapshot table, SiloAddress silo)
    {
        foreach (var entry in table.Rows)
        {
            if (entry.Row.Silo == silo)
            {
                return entry;
            }
        }

        return null;
    }
}
