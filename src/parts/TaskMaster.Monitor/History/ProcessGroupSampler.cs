using System.Globalization;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;

namespace TaskMaster.Monitor.History;

/// <summary>
/// CPU and memory of each running task, summed over its process group: the worker records each
/// running attempt's group in its file of running attempts (<see cref="RunningAttemptsFile"/>), and every process in
/// <c>/proc</c> whose group it is counts (one scan of <c>/proc</c> per sample, whatever the number
/// of tasks). CPU is the group's CPU time (its live processes' own and that of the children they
/// waited for) over the wall time since the previous sample. Linux only; elsewhere it finds nothing.
/// Not thread-safe: one sampler calls it.
/// </summary>
public sealed class ProcessGroupSampler(HomeLayout home, string runId, TimeProvider time, string procRoot = "/proc")
{
    // USER_HZ: the unit of /proc/PID/stat times, 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;
    private static readonly long PageSize = Environment.SystemPageSize;
    private Dictionary<int, long> _lastTicks = [];
    private long _lastAt = time.GetTimestamp();

    public IReadOnlyList<TaskSample> Sample()
    {
        var groups = RunningGroups();
        var now = time.GetTimestamp();
        var seconds = time.GetElapsedTime(_lastAt, now).TotalSeconds;
        _lastAt = now;
        if (groups.Count == 0)
        {
            _lastTicks = [];
            return [];
        }
        var usage = groups.Values.ToDictionary(g => g, _ => (Ticks: 0L, Rss: 0L));
        foreach (var fields in ProcessStats())
        {
            // Fields after the command name: [0] state, [2] process group, [11..14] utime stime cutime cstime, [21] rss pages.
            if (fields.Length < 22 || !int.TryParse(fields[2], out var group) || !usage.TryGetValue(group, out var sum)) continue;
            var ticks = Long(fields[11]) + Long(fields[12]) + Long(fields[13]) + Long(fields[14]);
            usage[group] = (sum.Ticks + ticks, sum.Rss + Long(fields[21]) * PageSize);
        }
        var samples = new List<TaskSample>(groups.Count);
        var ticksNow = new Dictionary<int, long>(groups.Count);
        foreach (var (taskId, group) in groups.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var (ticks, rss) = usage[group];
            ticksNow[group] = ticks;
            // A group seen for the first time has no interval yet: its CPU shows from the next sample.
            var cpu = _lastTicks.TryGetValue(group, out var before) && seconds > 0
                ? Math.Max(0, Math.Round(100 * (ticks - before) / TicksPerSecond / seconds, 1))
                : 0;
            samples.Add(new TaskSample(taskId, cpu, rss));
        }
        _lastTicks = ticksNow;
        return samples;
    }

    /// <summary>Task id → process group, from the run's files of running attempts (one read each per sample).</summary>
    private Dictionary<string, int> RunningGroups()
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var attempt in RunningAttemptsFile.ReadAll(home, runId))
            if (attempt.Group > 0) result[attempt.TaskId] = attempt.Group;
        return result;
    }

    private IEnumerable<string[]> ProcessStats()
    {
        if (!Directory.Exists(procRoot)) yield break;
        foreach (var entry in Directory.EnumerateDirectories(procRoot))
        {
            if (!int.TryParse(Path.GetFileName(entry), out _)) continue;
            var text = TryRead(Path.Combine(entry, "stat"));
            // The command name is in parentheses and may hold spaces: split after its closing one.
            var close = text?.LastIndexOf(')') ?? -1;
            if (text is null || close < 0 || close + 2 >= text.Length) continue;
            yield return text[(close + 2)..].Split(' ');
        }
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Long(string text) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;
}
