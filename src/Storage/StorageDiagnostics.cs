using System.Diagnostics;

namespace Leasehold.Storage;

/// <summary>
/// The storage providers' tracing: the span of one group commit, on an ActivitySource named <c>Leasehold</c> like the
/// grains' (Leasehold.Diagnostics.LeaseholdDiagnostics, which this project cannot reference), so one subscription by name
/// sees both. A commit runs on the writer loop, not in any writer's call, so without this span the database statements
/// (Npgsql's spans on PostgreSQL) would be roots of traces of their own: the commit is a child of the first traced write
/// it carries and links to the others.
/// </summary>
public static class StorageDiagnostics
{
    /// <summary>The name of the ActivitySource; the same as the grains'.</summary>
    public const string Name = "Leasehold";

    /// <summary>The span of one transaction of the group commit.</summary>
    public const string CommitSpan = "leasehold.storage.commit";

    /// <summary>The number of writes the transaction carries.</summary>
    public const string BatchSizeAttribute = "leasehold.storage.batch_size";

    /// <summary>The providers' ActivitySource.</summary>
    public static readonly ActivitySource ActivitySource = new(Name);

    /// <summary>The span a write is queued under, to parent or link the commit that carries it; default when untraced.</summary>
    public static ActivityContext CallerOfWrite() => Activity.Current?.Context ?? default;

    /// <summary>
    /// Starts the span of a commit of <paramref name="writes"/> (<paramref name="callerOf"/> gives the context
    /// <see cref="CallerOfWrite"/> gave each), or none when nothing listens or no write of the batch was traced: a commit
    /// of background writes makes no trace. Untraced, it costs one branch and allocates nothing.
    /// </summary>
    public static Activity? StartCommit<TWrite>(IReadOnlyList<TWrite> writes, Func<TWrite, ActivityContext> callerOf)
    {
        if (!ActivitySource.HasListeners())
        {
            return null;
        }

        ActivityContext parent = default;
        List<ActivityLink>? links = null;
        foreach (var write in writes)
        {
            var writer = callerOf(write);
            if (writer == default)
            {
                continue;
            }

            if (parent == default)
            {
                parent = writer;
            }
            else
            {
                (links ??= []).Add(new ActivityLink(writer));
            }
        }

        if (parent == default)
        {
            return null;
        }

        var activity = ActivitySource.StartActivity(CommitSpan, ActivityKind.Internal, parent, links: links);
        activity?.SetTag(BatchSizeAttribute, writes.Count);
        return activity;
    }
}
