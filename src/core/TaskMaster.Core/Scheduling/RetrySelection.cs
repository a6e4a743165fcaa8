using TaskMaster.Core.Events;
using TaskMaster.Core.Queue;
using TaskMaster.Core.State;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Core.Scheduling;

/// <summary>A retry of a run that is not running: the tasks to run again (<see cref="TasksRetried"/>), and who asks and why.</summary>
/// <param name="TaskIds">The tasks asked for; empty for every failed and blocked task.</param>
public sealed record RetryRequest(IReadOnlyList<string> TaskIds, string By, string Reason);

/// <summary>What a retry runs again, in queue order, or (<see cref="TaskIds"/> empty) every reason it cannot.</summary>
public sealed record RetryChoice(IReadOnlyList<string> TaskIds, IReadOnlyList<string> Problems)
{
    public bool IsValid => Problems.Count == 0;
}

/// <summary>
/// Chooses what <c>task-master retry</c> runs again in a run's state. Without names: every failed
/// (or cancelled) and every blocked task. With names: those tasks, each of which must be failed or
/// blocked, plus the blocked tasks they free; a named blocked task must be freed by the retry itself.
/// </summary>
public static class RetrySelection
{
    public static RetryChoice Choose(RunState state, IReadOnlyCollection<string> named)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(named);
        var problems = new List<string>();
        HashSet<int> runAgain = [], candidates = [], asked = [];
        if (named.Count == 0)
        {
            foreach (var task in state.Tasks)
            {
                if (task.Status == TaskStatus.Failed) runAgain.Add(task.Index);
                else if (task.Status == TaskStatus.Blocked) candidates.Add(task.Index);
            }
            if (runAgain.Count == 0 && candidates.Count == 0)
                return new RetryChoice([], ["no task has failed or is blocked: nothing to retry"]);
        }
        foreach (var id in named.Distinct(StringComparer.Ordinal))
        {
            if (!state.Graph.TryGetIndex(id, out var index))
            {
                problems.Add($"the run has no task '{id}'{NearestId.Hint(id, state.Queue.Tasks.Select(t => t.Id))}");
                continue;
            }
            var status = state.Tasks[index].Status;
            if (status == TaskStatus.Failed) runAgain.Add(index);
            else if (status == TaskStatus.Blocked) asked.Add(index);
            else problems.Add(NotRetriable(id, status));
        }
        foreach (var index in runAgain.Concat(asked).ToList())
            foreach (var dependent in state.Graph.TransitiveDependents(index)) candidates.Add(dependent);
        candidates.UnionWith(asked);

        var freed = Unblocking.Freed(state, runAgain, candidates);
        var free = new HashSet<int>(runAgain.Concat(freed));
        foreach (var index in asked.Except(freed))
        {
            var cause = RootCause(state, index, free);
            problems.Add($"'{state.Graph.IdOf(index)}' is blocked by '{state.Graph.IdOf(cause)}', which failed and is not retried: " +
                         $"retry it too, or retry every failed and blocked task");
        }
        if (problems.Count > 0) return new RetryChoice([], problems);
        return new RetryChoice(free.Order().Select(state.Graph.IdOf).ToList(), []);
    }

    private static string NotRetriable(string id, TaskStatus status) => status switch
    {
        TaskStatus.Succeeded => $"'{id}' has succeeded: only failed, cancelled or blocked tasks run again",
        TaskStatus.Skipped => $"'{id}' was skipped: only failed, cancelled or blocked tasks run again",
        _ => $"'{id}' has not ended ({(status == TaskStatus.RetryWaiting ? "waiting to retry" : status.ToString().ToLowerInvariant())}): " +
             "it runs when the run is resumed (task-master resume)",
    };

    /// <summary>The failed task, not run again, at the root of what keeps <paramref name="index"/> blocked.</summary>
    private static int RootCause(RunState state, int index, IReadOnlySet<int> free)
    {
        var current = index;
        while (Unblocking.StuckDependency(state, current, free) is { } dependency)
        {
            current = dependency;
            if (state.Tasks[dependency].Status == TaskStatus.Failed) break;
        }
        return current;
    }
}
