using System.Globalization;

namespace TaskMaster.Benchmarks;

/// <summary>
/// CPU time used by this process and by every child it has waited for (and, through them, their
/// own waited-for children), from <c>/proc/self/stat</c>: what a run costs the machine, whatever
/// else is running on it. Resolution: one clock tick (10 ms).
/// </summary>
internal static class ProcessTreeCpu
{
    // USER_HZ: the unit of the times in /proc/*/stat on Linux.
    public const double TicksPerSecond = 100;

    public static TimeSpan Read() => TimeSpan.FromSeconds(Ticks(Fields(File.ReadAllText("/proc/self/stat"))) / TicksPerSecond);

    /// <summary>The fields of a <c>/proc/PID/stat</c> text after the command name (which may hold spaces and parentheses): [0] is proc(5)'s field 3.</summary>
    public static string[] Fields(string stat) => stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

    /// <summary>Fields 14 to 17 of proc(5), summed: utime, stime, cutime, cstime, in clock ticks.</summary>
    public static long Ticks(string[] fields)
    {
        var ticks = 0L;
        for (var field = 14; field <= 17; field++) ticks += long.Parse(fields[field - 3], CultureInfo.InvariantCulture);
        return ticks;
    }
}
