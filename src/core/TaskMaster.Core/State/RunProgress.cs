namespace TaskMaster.Core.State;

/// <summary>
/// Overall progress and the estimated time remaining of a run, computed from its state the same
/// way in every view.
/// </summary>
public static class RunProgress
{
    /// <summary>
    /// Share of the run done, 0–100: finished tasks count whole, running ones by their <c>::progress</c>.
    /// </summary>
    public static double Percent(RunState state)
    {
        var runningProgress = 0.0;
        if (state.Count(TaskStatus.Running) > 0)
            foreach (var task in state.Tasks)
                if (task.Status == TaskStatus.Running) runningProgress += task.Progress;
        return Percent(state.Tasks.Count, state.FinishedCount, runningProgress);
    }

    /// <summary>
    /// The same share from its parts, for views that keep the running tasks themselves:
    /// <paramref name="runningProgress"/> is the sum of the running tasks' progress (0–100 each).
    /// </summary>
    public static double Percent(int total, int finished, double runningProgress) =>
        total == 0 ? 100 : Math.Min(100, 100 * (finished + runningProgress / 100) / total);

    /// <summary>
    /// Estimated time until every remaining task ends: the larger of the remaining work spread over
    /// the concurrency, and the longest remaining dependency chain (critical path). A task's expected
    /// duration is its <c>estimate</c>, else the mean of the durations observed so far in this run.
    /// Null while nothing is known to estimate with.
    /// </summary>
    public static TimeSpan? EstimateRemaining(RunState state, int concurrency, DateTimeOffset now)
    {
        if (state.AllFinal) return TimeSpan.Zero;
        double? observedMean = state.SucceededCount > 0
            ? state.SucceededDurationTotal.TotalSeconds / state.SucceededCount
            : null;
        var remaining = new double[state.Tasks.Count];
        var totalWork = 0.0;
        foreach (var task in state.Tasks)
        {
            if (task.Status.IsFinal()) continue;
            var expected = state.Queue.Tasks[task.Index].Estimate?.TotalSeconds ?? observedMean;
            if (expected is null) return null;
            var left = expected.Value;
            if (task.Status == TaskStatus.Running && task.StartedAt is { } started)
            {
                var elapsed = (now - started).TotalSeconds;
                left = task.Progress > 0
                    ? elapsed * (100 - task.Progress) / task.Progress
                    : Math.Max(0, expected.Value - elapsed);
            }
            else if (task.Status == TaskStatus.RetryWaiting && task.NextRetryAt is { } due)
            {
                left += Math.Max(0, (due - now).TotalSeconds);
            }
            remaining[task.Index] = left;
            totalWork += left;
        }

        // Longest path through the unfinished tasks, in topological order.
        var finishAt = new double[remaining.Length];
        var criticalPath = 0.0;
        foreach (var index in state.Graph.TopologicalOrder())
        {
            if (state.Tasks[index].Status.IsFinal()) continue;
            var start = 0.0;
            foreach (var dependency in state.Graph.DependenciesOf(index))
                start = Math.Max(start, finishAt[dependency]);
            finishAt[index] = start + remaining[index];
            criticalPath = Math.Max(criticalPath, finishAt[index]);
        }
        var seconds = Math.Max(criticalPath, totalWork / Math.Max(1, concurrency));
        return TimeSpan.FromSeconds(seconds);
    }
}
