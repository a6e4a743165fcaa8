using TaskMaster.Core.Graph;
using TaskMaster.Monitor.History;

namespace TaskMaster.Monitor.Reports;

/// <summary>Tasks' actual durations and the critical path they make.</summary>
public static class TaskDurations
{
    /// <summary>
    /// Seconds each task spent in its attempts, by task id: the sum of its attempts' durations on the
    /// timeline (<see cref="Core.State.AttemptSpan"/>, the definition every view uses), a running one's up to <paramref name="nowMs"/>.
    /// </summary>
    public static Dictionary<string, double> Of(IEnumerable<TimelineEntry> timeline, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var attempt in timeline)
            seconds[attempt.TaskId] = seconds.GetValueOrDefault(attempt.TaskId) + attempt.SecondsUntil(nowMs);
        return seconds;
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
