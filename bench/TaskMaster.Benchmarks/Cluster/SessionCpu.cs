using System.Globalization;

namespace TaskMaster.Benchmarks.Cluster;

/// <summary>
/// CPU time of the servers started in <c>scripts/servers</c> folders: every process of the sessions
/// their <c>pids</c> files name (each server runs in a session of its own), with the children each has
/// waited for (a worker's task processes). Resolution: one clock tick (10 ms).
/// </summary>
internal static class SessionCpu
{
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
            var fields = ProcessTreeCpu.Fields(stat);
            // Field 6 of proc(5) is the session.
            if (sessions.Contains(int.Parse(fields[6 - 3], CultureInfo.InvariantCulture))) ticks += ProcessTreeCpu.Ticks(fields);
        }
        return TimeSpan.FromSeconds(ticks / ProcessTreeCpu.TicksPerSecond);
    }
}
