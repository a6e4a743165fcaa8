using TaskMaster.Core.Events;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Queue;
using TaskMaster.Core.State;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Core.Scheduling;

// What an attempt's end means: success, a retry with backoff, or a failure that blocks dependents.
public sealed partial class RunScheduler
{
    private void OnAttemptEnded(TaskAttemptResult result)
    {
        var index = result.Launch.TaskIndex;
        var task = State.Tasks[index];
        var definition = _queue.Tasks[index];
        if (task.Status != TaskStatus.Running || task.Attempt != result.Launch.Attempt)
        {
            _abandoned.Remove((index, result.Launch.Attempt));
            LogStaleResult(definition.Id, result.Launch.Attempt);
            return;
        }
        _running--;
        if (result.Succeeded)
        {
            Emit(new TaskSucceeded(Now, definition.Id, result.Launch.Attempt, result.ExitCode ?? 0, result.Duration), index);
            return;
        }
        if (result.FailureKind == TaskFailureKind.Cancelled)
        {
            Emit(new TaskCancelled(Now, definition.Id, result.Launch.Attempt, result.Reason ?? "cancelled"), index);
            return;
        }
        OnAttemptFailed(task, definition, result);
    }

    private void OnAttemptFailed(TaskRunState task, TaskDefinition definition, TaskAttemptResult result)
    {
        var failureClass = FailureClassifier.Classify(definition, result);
        var willRetry = failureClass switch
        {
            TaskFailureClass.Transient => RetryPolicy.HasRetriesLeft(definition, task.TransientFailures + 1),
            TaskFailureClass.Critical => task.ExecutorFailures + 1 <= _options.MaxExecutorFaultsPerTask,
            _ => false,
        };
        var now = Now;
        var reason = result.Reason ?? $"failed ({result.FailureKind})";
        // A fault that recurs on the same task will recur again: it ends the task, saying so, rather
        // than hold the run (an executor fault never waits for an operator, supervised or not).
        if (failureClass == TaskFailureClass.Critical && !willRetry)
            reason = $"{reason} ({(task.ExecutorFailures == 0 ? "an executor fault" : $"{task.ExecutorFailures + 1} executor faults")} on this task; not tried again)";
        Emit(new TaskFailed(now, definition.Id, result.Launch.Attempt, failureClass,
            result.FailureKind ?? TaskFailureKind.ExitCode, result.ExitCode, result.Signal, result.Duration,
            reason, result.StderrTail, willRetry), task.Index);
        if (failureClass == TaskFailureClass.Critical)
            Emit(new ExecutorFaulted(now, reason, definition.Id));

        if (willRetry)
        {
            var delay = failureClass == TaskFailureClass.Transient
                ? _retryPolicy.DelayAfter(definition, task.TransientFailures, _options.RunId)
                : _options.ExecutorFaultCooldown;
            Emit(new TaskRetryScheduled(now, definition.Id, result.Launch.Attempt + 1, delay, now + delay), task.Index);
            ScheduleRetry(task.Index, result.Launch.Attempt + 1, delay);
            return;
        }

        if (definition.Critical && TryBeginRollback(task.Index)) return;
        GiveUp(task.Index, reason);
    }

    /// <summary>The task failed for good: its dependents are blocked, and a critical one pauses a supervised run.</summary>
    private void GiveUp(int index, string reason)
    {
        var definition = _queue.Tasks[index];
        BlockDependents(index);
        if (definition.Critical && !_options.Autonomous && State.Status != RunStatus.Paused)
            Emit(new RunPaused(Now, $"critical task '{definition.Id}' failed: {reason}; waiting for an operator", ByOperator: false));
    }

    /// <summary>Blocks every dependent of a task that failed for good which has not ended yet; returns how many.</summary>
    private int BlockDependents(int index)
    {
        var blocked = State.Graph.TransitiveDependents(index)
            .Where(i => !State.Tasks[i].Status.IsFinal())
            .Select(i => _queue.Tasks[i].Id)
            .ToList();
        if (blocked.Count > 0) Emit(new TasksBlocked(Now, _queue.Tasks[index].Id, blocked));
        return blocked.Count;
    }

    private void ScheduleRetry(int index, int attempt, TimeSpan delay)
    {
        if (_stop is not null) return; // kept as RetryWaiting: a resumed run picks it up
        if (delay <= TimeSpan.Zero)
        {
            _dueRetries.Enqueue(index);
            return;
        }
        if (_retryTimers.Remove(index, out var old)) old.Dispose();
        _retryTimers[index] = _time.CreateTimer(
            static s => { var (scheduler, due) = ((RunScheduler, RetryDue))s!; scheduler._inbox.Writer.TryWrite(due); },
            (this, new RetryDue(index, attempt)), delay, Timeout.InfiniteTimeSpan);
    }

    private void OnRetryDue(RetryDue due)
    {
        if (_retryTimers.Remove(due.TaskIndex, out var timer)) timer.Dispose();
        var task = State.Tasks[due.TaskIndex];
        if (task.Status == TaskStatus.RetryWaiting && task.Attempt + 1 == due.Attempt) _dueRetries.Enqueue(due.TaskIndex);
    }

    private void OnProgress(ProgressReport report)
    {
        var task = State.Tasks[report.Launch.TaskIndex];
        if (task.Status != TaskStatus.Running || task.Attempt != report.Launch.Attempt) return;
        var percent = Math.Clamp(report.Percent, 0, 100);
        if (percent == task.Progress && report.Message == task.ProgressMessage) return;
        Emit(new TaskProgressed(Now, report.Launch.Task.Id, report.Launch.Attempt, percent, report.Message), task.Index);
    }
}
