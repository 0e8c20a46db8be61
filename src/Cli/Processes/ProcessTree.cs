using System.Globalization;

namespace Leasehold.Cli.Processes;

/// <summary>
/// A process and its descendants, read from Linux's /proc. A shell that runs a command may die on SIGTERM and
/// leave the command orphaned; signalling the whole tree stops what was started under the lock. Elsewhere
/// (no /proc) the tree is the root alone.
/// </summary>
internal static class ProcessTree
{
    /// <summary>The root (if still there) and every descendant, parents before children.</summary>
    public static IReadOnlyList<ProcessIdentity> Snapshot(int rootPid)
    {
        var children = new Dictionary<int, List<ProcessIdentity>>();
        ProcessIdentity? root = null;
        if (Directory.Exists("/proc"))
        {
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || !TryReadStat(pid, out var stat))
                {
                    continue;
                }

                var identity = new ProcessIdentity(pid, stat.StartTime);
                if (pid == rootPid)
                {
                    root = identity;
                }

                if (!children.TryGetValue(stat.ParentPid, out var siblings))
                {
                    children[stat.ParentPid] = siblings = [];
                }

                siblings.Add(identity);
            }
        }

        var tree = new List<ProcessIdentity>();
        if (root is { } r)
        {
            tree.Add(r);
        }

        // Breadth first from the root; a visited set guards against a pid recycled into its own subtree.
        var queue = new Queue<int>([rootPid]);
        var seen = new HashSet<int> { rootPid };
        while (queue.Count > 0)
        {
            if (!children.TryGetValue(queue.Dequeue(), out var next))
            {
                continue;
            }

            foreach (var child in next.Where(c => seen.Add(c.Pid)))
            {
                tree.Add(child);
                queue.Enqueue(child.Pid);
            }
        }

        return tree;
    }

    /// <summary>True while the process runs: same pid and start time, and not a zombie waiting to be reaped.</summary>
    public static bool IsAlive(ProcessIdentity process) =>
        TryReadStat(process.Pid, out var stat) && stat.StartTime == process.StartTime && stat.State != 'Z' && stat.State != 'X';

    private static bool TryReadStat(int pid, out Stat stat)
    {
        stat = default;
        try
        {
            // "pid (comm) state ppid ... starttime ...": comm may hold spaces and parentheses, so split after the last ')'.
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            stat = new Stat(
                fields[0][0],
                int.Parse(fields[1], CultureInfo.InvariantCulture),
                long.Parse(fields[19], CultureInfo.InvariantCulture));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            // Gone between listing and reading, or not ours to read.
            return false;
        }
    }

    private readonly record struct Stat(char State, int ParentPid, long StartTime);
}
