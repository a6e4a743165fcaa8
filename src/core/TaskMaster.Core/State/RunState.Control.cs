using TaskMaster.Core.Events;

namespace TaskMaster.Core.State;

// What operators (and policies) decide: pause, continue, stop, a task's fate by hand, and a retry of an ended run.
public sealed partial class RunState
{
    private void OnRunPaused(RunPaused p)
    {
        Status = RunStatus.Paused;
        StatusReason = p.Reason;
        if (p.ByOperator) OperatorActions++;
    }

    private void OnRunResumed(RunResumed r)
    {
        Status = RunStatus.Running;
        StatusReason = null;
        if (r.ByOperator) OperatorActions++;
    }

    private void OnRunStopRequested(RunStopRequested s)
    {
        StopRequest = s;
        if (s.ByOperator) OperatorActions++;
    }

    /// <summary>
    /// Sets the task as the operator decided, then the tasks it unblocks back to pending, then
    /// recounts the dependencies of everything whose inputs changed. Dependents are never finished
    /// here: a cancel blocks them through the <see cref="TasksBlocked"/> event that follows it.
    /// </summary>
    private void OnTaskOverridden(TaskRunState task, TaskOverridden o)
    {
        OperatorActions++;
        // An attempt the operator took away ends here, not when its process is finally gone.
        if (o.PreviousStatus == TaskStatus.Running) EndAttempt(task, o.Attempt, o.At);
        Release(task);
        task.NextRetryAt = null;
        task.BlockedBy = null;
        switch (o.Action)
        {
            case OverrideAction.Retry: RunAgain(task); break;
            case OverrideAction.Skip: End(task, TaskStatus.Skipped, o.At); break;
            case OverrideAction.Succeed: End(task, TaskStatus.Succeeded, o.At); break;
            case OverrideAction.Cancel: End(task, TaskStatus.Failed, o.At); break;
        }
        var changed = new List<int> { task.Index };
        foreach (var id in o.Unblocked)
        {
            var unblocked = Task(id);
            if (unblocked.Status != TaskStatus.Blocked) continue;
            SetStatus(unblocked, TaskStatus.Pending);
            unblocked.BlockedBy = null;
            unblocked.EndedAt = null;
            changed.Add(unblocked.Index);
        }
        RecountAround(changed);
    }

    /// <summary>
    /// A retry of an ended run: every failed or blocked task it names waits to run again, as an
    /// override's retry leaves a task, then dependencies are recounted around them. A task no longer
    /// failed or blocked is left alone, so folding the event twice changes nothing more.
    /// </summary>
    private void OnTasksRetried(TasksRetried r)
    {
        OperatorActions++;
        var changed = new List<int>(r.TaskIds.Count);
        foreach (var id in r.TaskIds)
        {
            var task = Task(id);
            if (task.Status is not (TaskStatus.Failed or TaskStatus.Blocked)) continue;
            Release(task);
            task.NextRetryAt = null;
            task.BlockedBy = null;
            RunAgain(task);
            changed.Add(task.Index);
        }
        RecountAround(changed);
    }

    /// <summary>Back to waiting for its dependencies; its attempt count goes on, so the next attempt is numbered after the last.</summary>
    private void RunAgain(TaskRunState task)
    {
        SetStatus(task, TaskStatus.Pending);
        task.EndedAt = null;
        task.Progress = 0;
        task.ProgressMessage = null;
        // A person asked for it to run again: it gets the whole retry budget again.
        task.TransientFailures = 0;
        task.ExecutorFailures = 0;
    }

    private void RecountAround(List<int> changed)
    {
        foreach (var index in changed)
        {
            Recount(index);
            foreach (var dependent in Graph.DependentsOf(index)) Recount(dependent);
        }
    }

    private void End(TaskRunState task, TaskStatus status, DateTimeOffset at)
    {
        SetStatus(task, status);
        task.EndedAt = at;
    }

    /// <summary>Recomputes one task's unmet dependencies; a waiting task becomes ready, or waits again, to match.</summary>
    private void Recount(int index)
    {
        var task = _tasks[index];
        var remaining = 0;
        foreach (var dependency in Graph.DependenciesOf(index))
            if (!_tasks[dependency].Status.SatisfiesDependents()) remaining++;
        task.RemainingDependencies = remaining;
        if (task.Status == TaskStatus.Pending && remaining == 0) MakeReady(task);
        else if (task.Status == TaskStatus.Ready && remaining > 0) SetStatus(task, TaskStatus.Pending);
    }
}
