using System.Globalization;

namespace TaskMaster.Benchmarks.Cluster;

/// <summary>
/// CPU time of the servers started in <c>scripts/servers</c> folders: every process of the sessions
/// their <c>pids</c> files name (each server runs in a session of its own), with the children each has
/// waited for (a worker's task processes). Resolution: one clock tick (10 ms).
/// </summary>
internal static class SessionCpu
{
    private const double TicksPerSecond = 100;

    /// <summary>The total over the servers in <paramref name="folders"/>, now.</summary>
    public static TimeSpan Read(IEnumerable<string?> folders)
    {
        var sessions = folders.Where(f => f is not null).SelectMany(f => File.ReadAllLines(Path.Combine(f!, "pids")))
            .Where(line => line.Length > 0).Select(line => int.Parse(line, CultureInfo.InvariantCulture)).ToHashSet();
        var ticks = 0L;
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), CultureInfo.InvariantCulture, out _)) continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(proc, "stat"));
            }
            catch (IOException)
            {
                continue; // Ended while being listed.
            }
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // Field 6 of proc(5) is the session; 14 to 17 utime, stime, cutime, cstime (fields[0] is field 3).
            if (!sessions.Contains(int.Parse(fields[6 - 3], CultureInfo.InvariantCulture))) continue;
            for (var field = 14; field <= 17; field++) ticks += long.Parse(fields[field - 3], CultureInfo.InvariantCulture);
        }
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
