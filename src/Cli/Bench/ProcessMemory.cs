using System.Globalization;

namespace Leasehold.Cli.Bench;

/// <summary>
/// A server process on this machine, read from Linux's /proc: its resident memory, and the CPU time it has used (the cost
/// of a request is steadier than throughput on a machine shared with other work). Null where /proc cannot be read.
/// </summary>
internal static class ProcessMemory
{
    /// <summary>Linux reports CPU time in clock ticks of 1/100 s (USER_HZ) on every architecture .NET runs on.</summary>
    private const double TicksPerSecond = 100.0;

    public static long? ReadRss(int pid) => ReadKilobytes(pid, "VmRSS:");

    public static long? ReadPeakRss(int pid) => ReadKilobytes(pid, "VmHWM:");

    /// <summary>User plus system CPU time the process has used so far.</summary>
    public static TimeSpan? ReadCpuTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");

            // Fields after the command name (which may hold spaces) start at "state"; utime and stime are the 12th and 13th of them.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static long? ReadKilobytes(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    var number = line[field.Length..].Trim().Split(' ')[0];
                    return long.Parse(number, NumberStyles.None, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }
}
