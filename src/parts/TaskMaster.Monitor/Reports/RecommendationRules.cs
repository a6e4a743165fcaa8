using TaskMaster.Core.Display;
using TaskMaster.Core.Queue;
using TaskMaster.Core.State;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Monitor.Reports;

/// <summary>
/// The report's recommendations: simple rules of the run's data, each documented in
/// docs/monitoring-history.md under its <see cref="Recommendation.Rule"/> name.
/// </summary>
public static class RecommendationRules
{
    /// <summary>An estimate is off when the actual time is more than this many times it, or less than its inverse.</summary>
    public const double EstimateFactor = 2;

    /// <summary>Memory at or above this share of the budget is near it.</summary>
    public const double MemoryNearBudget = 0.8;

    /// <summary>A critical path at least this share of the run's time bounds it.</summary>
    public const double CriticalPathShare = 0.8;

    /// <summary>Efficiency below this wasted too much time on failed attempts.</summary>
    public const double LowEfficiency = 0.8;

    public static IReadOnlyList<Recommendation> For(RunState state, IReadOnlyDictionary<string, double> durations,
        CriticalPathReport criticalPath, ResourceSummary? resources)
    {
        var found = new List<Recommendation>();
        foreach (var task in state.Tasks)
        {
            var definition = state.Queue.Tasks[task.Index];
            var (id, retries) = (definition.Id, definition.Retries);
            if (task.Status == TaskStatus.Failed && task.LastFailure?.Class == Core.Policies.TaskFailureClass.Transient && task.TransientFailures > retries)
                found.Add(new("raise-retries", id, $"Task {id} failed for good after using all {retries} retries on transient failures: raise its `retries` or fix the cause (last: {task.LastFailure.Reason})."));
            else if (task.Status == TaskStatus.Succeeded && retries > 0 && task.TransientFailures >= retries)
                found.Add(new("raise-retries", id, $"Task {id} succeeded only on its last allowed attempt ({retries} retries used): raise its `retries`, or make it less flaky."));

            if (task.Status == TaskStatus.Succeeded && definition.Estimate is { } estimate && estimate > TimeSpan.Zero
                && durations.TryGetValue(id, out var actual) && task.Duration is { } last
                && (last.TotalSeconds > EstimateFactor * estimate.TotalSeconds || last.TotalSeconds < estimate.TotalSeconds / EstimateFactor)
                && Math.Abs(last.TotalSeconds - estimate.TotalSeconds) >= 1)
                found.Add(new("estimate-off", id, $"Task {id} took {Seconds(last.TotalSeconds)} against an estimate of {Seconds(estimate.TotalSeconds)}: set `estimate: {DurationFormat.Format(TimeSpan.FromSeconds(Math.Max(1, Math.Round(last.TotalSeconds))))}` so the ETA and the dashboard are right ({Seconds(actual)} over all attempts)."));
        }
        if (resources is { MemoryBudgetBytes: > 0 } r && r.MemoryBudgetPercentMax >= 100 * MemoryNearBudget)
            found.Add(new("memory-near-budget", null, $"The executor's memory reached {r.MemoryBudgetPercentMax:0}% of its O(√n) budget ({r.MemoryBudgetBytes >> 20} MiB): look for a leak, or split the queue."));
        if (criticalPath.Tasks.Count >= 2 && criticalPath.ShareOfRun >= CriticalPathShare)
            found.Add(new("long-critical-path", null, $"The run took about as long as its critical path ({string.Join(" → ", criticalPath.Tasks.Select(t => t.Id))}, {Seconds(criticalPath.DurationSeconds)}): more concurrency will not shorten it; speed up or split these tasks."));
        var efficiency = RunMetrics.ExecutionEfficiency(state);
        if (state.TotalFailures > 0 && efficiency < LowEfficiency)
            found.Add(new("low-efficiency", null, $"Only {efficiency:P0} of the time in attempts went to attempts that succeeded: fix the tasks that fail most (see errors by class) or fail them faster with a `timeout`."));
        return found;
    }

    private static string Seconds(double seconds) => HumanDuration.Format(seconds);
}
