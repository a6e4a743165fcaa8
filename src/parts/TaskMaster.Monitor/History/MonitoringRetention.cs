using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;

namespace TaskMaster.Monitor.History;

/// <summary>
/// Removes the monitoring data (samples, alerts) of runs last written longer ago than the
/// retention (<c>--monitor-retain</c>, default 30 days), at the start of every run. The run about
/// to start is never removed, whatever its age (a resumed run keeps its history).
/// </summary>
public static class MonitoringRetention
{
    public static readonly TimeSpan DefaultRetain = TimeSpan.FromDays(30);

    /// <returns>The run ids whose data was removed.</returns>
    public static IReadOnlyList<string> RemoveOlderThan(HomeLayout home, TimeSpan retain, DateTimeOffset now, string? keepRunId)
    {
        var root = MonitoringLayout.Directory(home);
        if (!Directory.Exists(root)) return [];
        var removed = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories(root))
        {
            var runId = Path.GetFileName(directory);
            if (runId == keepRunId || LastWrite(directory) > now - retain) continue;
            try
            {
                Directory.Delete(directory, recursive: true);
                removed.Add(runId);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Tried again at the next start.
            }
        }
        return removed;
    }

    private static DateTimeOffset LastWrite(string directory)
    {
        var newest = Directory.GetLastWriteTimeUtc(directory);
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            var written = File.GetLastWriteTimeUtc(file);
            if (written > newest) newest = written;
        }
        return new DateTimeOffset(newest, TimeSpan.Zero);
    }
}
