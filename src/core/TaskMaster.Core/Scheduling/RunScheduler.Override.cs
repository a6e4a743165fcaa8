using TaskMaster.Core.Display;
using TaskMaster.Core.Events;
using TaskMaster.Core.Queue;
using TaskMaster.Core.State;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Core.Scheduling;

// Overriding a task: what each action means in each task state (docs/control.md has the table).
public sealed partial class RunScheduler
{
    private ControlOutcome Override(string taskId, OverrideAction action, string? reason)
    {
        if (!State.Graph.TryGetIndex(taskId, out var index)) throw UnknownTask(taskId);
        if (_stop is not null)
            throw new ControlRefusedException(ControlRefusal.Impossible, $"the run is stopping ({_stop.Reason}); override tasks after `task-master resume`");
        if (_rollback is not null)
            throw new ControlRefusedException(ControlRefusal.Impossible, "the run is rolling back to a checkpoint; try again once it has");
        var task = State.Tasks[index];
        var previous = task.Status;
        if (Verdict(action, task) is { } unchanged) return Unchanged(unchanged);

        var attempt = task.Attempt;
        var unblocked = action == OverrideAction.Cancel ? [] : UnblockedBy(index);
        var overridden = new TaskOverridden(Now, taskId, action, previous, attempt,
            Why(reason, $"{action.ToString().ToLowerInvariant()} by an operator"), unblocked);
        Emit(overridden, index);
        Forget(index, previous, attempt);
        var blocked = action == OverrideAction.Cancel ? BlockDependents(index) : 0;
        return Changed(Describe(taskId, action, previous, attempt, unblocked.Count, blocked), overridden);
    }

    /// <summary>Null when the action changes the task; else why nothing changes. Throws when the action is impossible.</summary>
    private string? Verdict(OverrideAction action, TaskRunState task)
    {
        var id = _queue.Tasks[task.Index].Id;
        var status = task.Status;
        string Name(TaskStatus s) => s == TaskStatus.RetryWaiting ? "waiting to retry" : s.ToString().ToLowerInvariant();
        ControlRefusedException Impossible(string why) => new(ControlRefusal.Impossible, $"cannot {action.ToString().ToLowerInvariant()} '{id}': {why}");

        if (status == TaskStatus.Succeeded)
            throw Impossible("it has already succeeded and its dependents may have run");
        switch (action)
        {
            case OverrideAction.Retry when status == TaskStatus.Running:
                throw Impossible($"attempt {task.Attempt} is running; cancel or skip it first, or wait for it to end");
            case OverrideAction.Retry when status is TaskStatus.Pending or TaskStatus.Ready:
                return $"'{id}' is already waiting to run ({Name(status)}); nothing changed";
            case OverrideAction.Retry when status == TaskStatus.Blocked && StuckDependency(task.Index) is { } cause:
                throw Impossible($"it is blocked by '{_queue.Tasks[cause].Id}', which cannot succeed; retry, skip or succeed that task instead");
            case OverrideAction.Skip when status == TaskStatus.Skipped:
                return $"'{id}' is already skipped; nothing changed";
            case OverrideAction.Cancel when status == TaskStatus.Failed:
                return $"'{id}' has already failed for good; nothing changed";
            case OverrideAction.Cancel when status == TaskStatus.Skipped:
                throw Impossible("it was skipped and its dependents may have run");
            default:
                return null;
        }
    }

    /// <summary>Drops what the scheduler held for the task's old state: its running attempt, its retry timer, its checkpoint hold.</summary>
    private void Forget(int index, TaskStatus previous, int attempt)
    {
        if (previous == TaskStatus.Running)
        {
            _running--;
            _abandoned.Add((index, attempt));
            _toKill.Add((index, attempt));
        }
        if (_retryTimers.Remove(index, out var timer)) timer.Dispose();
        if (State.Tasks[index].Status != TaskStatus.Ready) _heldForCheckpoint.Remove(index);
    }

    /// <summary>The blocked tasks that may run once the task no longer counts as failed (<see cref="Unblocking.Freed"/>).</summary>
    private List<string> UnblockedBy(int index) =>
        Unblocking.Freed(State, new HashSet<int> { index }, new HashSet<int>(State.Graph.TransitiveDependents(index)))
            .Select(i => _queue.Tasks[i].Id).ToList();

    /// <summary>A direct dependency that failed for good or is blocked, if any.</summary>
    private int? StuckDependency(int index) => Unblocking.StuckDependency(State, index);

    private ControlRefusedException UnknownTask(string taskId) =>
        new(ControlRefusal.UnknownTask, $"the queue has no task '{taskId}'{NearestId.Hint(taskId, _queue.Tasks.Select(t => t.Id))}");

    private static string Describe(string id, OverrideAction action, TaskStatus previous, int attempt, int unblocked, int blocked)
    {
        var what = action switch
        {
            OverrideAction.Retry => $"'{id}' will run again (attempt {attempt + 1})",
            OverrideAction.Skip => $"'{id}' skipped; its dependents may run",
            OverrideAction.Succeed => $"'{id}' marked succeeded; its dependents may run",
            _ => $"'{id}' cancelled: failed for good, {Counted.Of(blocked, "dependent task")} blocked",
        };
        if (previous == TaskStatus.Running) what += $"; its running attempt {attempt} is ended";
        if (unblocked > 0) what += $"; {Counted.Of(unblocked, "blocked task")} unblocked";
        return what;
    }
}
