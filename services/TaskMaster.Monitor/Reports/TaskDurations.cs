using TaskMaster.Core.Graph;
using TaskMaster.Core.Events;

namespace TaskMaster.Monitor.Reports;

/// <summary>Tasks' actual durations and the critical path they make.</summary>
public static class TaskDurations
{
    /// <summary>
    /// Seconds each task spent in its attempts, by task id: an ended attempt counts the duration its
    /// worker measured; a cancelled one its time in the journal; a running one up to <paramref name="now"/>.
    /// </summary>
    public static Dictionary<string, double> Of(IEnumerable<RunEvent> events, DateTimeOffset now)
    {
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        var open = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            switch (e)
            {
                case TaskStarted s: open[s.TaskId] = s.At; break;
                case TaskSucceeded s: Add(s.TaskId, s.Duration); break;
                case TaskFailed f: Add(f.TaskId, f.Duration); break;
                case TaskCancelled c when open.TryGetValue(c.TaskId, out var started): Add(c.TaskId, c.At - started); break;
            }
        }
        foreach (var (taskId, started) in open) Add(taskId, now - started);
        return seconds;

        void Add(string taskId, TimeSpan duration)
        {
            open.Remove(taskId);
            seconds[taskId] = seconds.GetValueOrDefault(taskId) + Math.Max(0, duration.TotalSeconds);
        }
    }

    /// <summary>
    /// The chain of dependencies with the largest sum of actual durations (tasks that never ran count
    /// 0): no schedule of this run could have been shorter. Task indexes, first to last.
    /// </summary>
    public static IReadOnlyList<int> CriticalPath(TaskGraph graph, Func<int, double> duration)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var total = new double[graph.Count];
        var previous = new int[graph.Count];
        var end = -1;
        foreach (var task in graph.TopologicalOrder())
        {
            previous[task] = -1;
            foreach (var dependency in graph.DependenciesOf(task))
            {
                if (previous[task] < 0 || total[dependency] > total[previous[task]]) previous[task] = dependency;
            }
            total[task] = duration(task) + (previous[task] >= 0 ? total[previous[task]] : 0);
            if (end < 0 || total[task] > total[end]) end = task;
        }
        var path = new List<int>();
        for (var task = end; task >= 0; task = previous[task]) path.Add(task);
        path.Reverse();
        return path;
    }
}
