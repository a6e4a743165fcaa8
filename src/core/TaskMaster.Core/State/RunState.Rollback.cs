using TaskMaster.Core.Events;

namespace TaskMaster.Core.State;

// A rollback sets tasks back to a checkpoint's state, then recounts what may run.
public sealed partial class RunState
{
    private void OnRolledBack(RunRolledBack r)
    {
        Task(r.CauseTaskId).Rollbacks++;
        foreach (var reset in r.Resets)
        {
            var task = Task(reset.TaskId);
            Release(task);
            SetStatus(task, reset.Status);
            task.Attempt = reset.Attempt;
            task.TransientFailures = reset.TransientFailures;
            task.ExecutorFailures = reset.ExecutorFailures;
            task.NextRetryAt = reset.NextRetryAt;
            task.BlockedBy = reset.BlockedBy;
            task.EndedAt = null;
            task.Progress = 0;
            task.ProgressMessage = null;
        }
        RecountDependencies();
    }

    /// <summary>Recomputes every task's unmet dependencies and the ready order from the statuses as they are now.</summary>
    private void RecountDependencies()
    {
        _ready.Clear();
        foreach (var task in _tasks)
        {
            var remaining = 0;
            foreach (var dependency in Graph.DependenciesOf(task.Index))
                if (!_tasks[dependency].Status.SatisfiesDependents()) remaining++;
            task.RemainingDependencies = remaining;
            if (task.Status == TaskStatus.Ready) _ready.Enqueue(task.Index);
        }
    }
}
