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
    private const double TicksPerSecond = 100;

    public static TimeSpan Read()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        // The command name may hold spaces and parentheses: the fields that follow start after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14 to 17 of proc(5): utime, stime, cutime, cstime; fields[0] here is field 3.
        var ticks = 0L;
        for (var field = 14; field <= 17; field++) ticks += long.Parse(fields[field - 3], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
