using Microsoft.Extensions.Logging;
using TaskMaster.Core.Events;
using TaskMaster.Core.State;

namespace TaskMaster.Core.Scheduling;

// Arguments not named in a message still become properties of the JSON log entry: that is the point here.
#pragma warning disable SYSLIB1015

/// <summary>
/// Writes every event to the structured log with its context (task, attempt, exit code or signal,
/// duration, the last lines of stderr), so the log alone tells what happened and why. An attempt
/// that starts and one that succeeds are logged at <see cref="LogLevel.Debug"/>: the journal already
/// holds both, and at <c>info</c> they were two entries per task, a quarter of the home of a
/// 100,000-task run and a share of its CPU per task; what went wrong stays at <c>info</c> and above.
/// </summary>
public sealed partial class RunEventLogger(ILogger<RunEventLogger> logger) : IRunObserver
{
    public void OnEvent(RunEvent e, RunState state)
    {
        switch (e)
        {
            case RunStarted s:
                LogRunStarted(s.RunId, s.QueueName, s.QueuePath, s.TaskCount, s.Concurrency, s.Autonomous, s.QueueHash);
                break;
            case TaskStarted s: LogTaskStarted(s.TaskId, s.Attempt); break;
            case TaskProgressed p: LogTaskProgressed(p.TaskId, p.Attempt, p.Percent, p.Message); break;
            case TaskSucceeded s: LogTaskSucceeded(s.TaskId, s.Attempt, s.Duration.TotalSeconds); break;
            case TaskFailed f when f.WillRetry && f.Class != Policies.TaskFailureClass.Critical:
                LogTaskFailedWillRetry(f.TaskId, f.Attempt, f.Class, f.Kind, f.ExitCode, f.Signal, f.Duration.TotalSeconds, f.Reason, StderrTail(f));
                break;
            case TaskFailed f:
                LogTaskFailed(f.TaskId, f.Attempt, f.Class, f.Kind, f.ExitCode, f.Signal, f.Duration.TotalSeconds, f.Reason, StderrTail(f), f.WillRetry);
                break;
            case TaskRetryScheduled r: LogRetryScheduled(r.TaskId, r.NextAttempt, r.Delay.TotalSeconds, r.DueAt); break;
            case TaskCancelled c: LogTaskCancelled(c.TaskId, c.Attempt, c.Reason); break;
            case TasksBlocked b: LogTasksBlocked(b.TaskIds.Count, b.CauseTaskId, string.Join(", ", b.TaskIds.Take(20))); break;
            case RunPaused { ByOperator: true } p: LogOperatorPaused(p.Reason, state.OperatorActions); break;
            case RunResumed { ByOperator: true } r: LogOperatorContinued(r.Reason, state.OperatorActions); break;
            case RunPaused p: LogRunPaused(p.Reason, p.ByOperator); break;
            case RunResumed r: LogRunResumed(r.Reason, r.ByOperator); break;
            case RunStopRequested s: LogStopRequested(s.Emergency, s.ByOperator ? "operator" : "executor", s.Reason, state.OperatorActions); break;
            case TaskOverridden o:
                LogTaskOverridden(o.TaskId, o.Action, o.PreviousStatus, o.Attempt, o.Reason, o.Unblocked.Count, state.OperatorActions, string.Join(", ", o.Unblocked.Take(20)));
                break;
            case TasksRetried r: LogTasksRetried(r.TaskIds.Count, r.By, r.Reason, state.OperatorActions, string.Join(", ", r.TaskIds.Take(20))); break;
            case ExecutorFaulted f: LogExecutorFaulted(f.Reason, f.TaskId); break;
            case RunRolledBack r:
                LogRolledBack(r.CheckpointSequence, r.CheckpointLocation, r.CauseTaskId, r.Resets.Count, string.Join(", ", r.Resets.Take(20).Select(x => x.TaskId)));
                break;
            case CheckpointTaken c: LogCheckpointTaken(c.CheckpointSequence, c.Reason, c.Location, c.JournalPosition); break;
            case CheckpointFailed f: LogCheckpointFailed(f.Reason, f.Error); break;
            case RunInterrupted i: LogRunInterrupted(i.Reason, i.Signal, state.FinishedCount, state.Tasks.Count); break;
            case RunCompleted c:
                LogRunCompleted(c.Succeeded, state.Count(State.TaskStatus.Succeeded), state.Count(State.TaskStatus.Failed),
                    state.Count(State.TaskStatus.Blocked), state.Count(State.TaskStatus.Skipped));
                break;
        }
    }

    private static string StderrTail(TaskFailed f) => string.Join('\n', f.StderrTail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} started: queue {QueueName} ({QueuePath}), {TaskCount} tasks, concurrency {Concurrency}, autonomous {Autonomous}")]
    private partial void LogRunStarted(string runId, string queueName, string queuePath, int taskCount, int concurrency, bool autonomous, string queueHash);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId} attempt {Attempt} started")]
    private partial void LogTaskStarted(string taskId, int attempt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId} attempt {Attempt} at {Percent}%: {ProgressMessage}")]
    private partial void LogTaskProgressed(string taskId, int attempt, double percent, string? progressMessage);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId} attempt {Attempt} succeeded in {DurationSeconds:0.###}s")]
    private partial void LogTaskSucceeded(string taskId, int attempt, double durationSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} attempt {Attempt} failed ({FailureClass}, {FailureKind}): {Reason}; it will be retried")]
    private partial void LogTaskFailedWillRetry(string taskId, int attempt, Policies.TaskFailureClass failureClass, Policies.TaskFailureKind failureKind, int? exitCode, int? signal, double durationSeconds, string reason, string stderrTail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task {TaskId} attempt {Attempt} failed ({FailureClass}, {FailureKind}): {Reason}")]
    private partial void LogTaskFailed(string taskId, int attempt, Policies.TaskFailureClass failureClass, Policies.TaskFailureKind failureKind, int? exitCode, int? signal, double durationSeconds, string reason, string stderrTail, bool willRetry);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} attempt {NextAttempt} scheduled in {DelaySeconds:0.###}s at {DueAt:o}")]
    private partial void LogRetryScheduled(string taskId, int nextAttempt, double delaySeconds, DateTimeOffset dueAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} attempt {Attempt} cancelled: {Reason}")]
    private partial void LogTaskCancelled(string taskId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{BlockedCount} tasks blocked because {CauseTaskId} failed: {BlockedTasks}")]
    private partial void LogTasksBlocked(int blockedCount, string causeTaskId, string blockedTasks);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run paused: {Reason} (by operator: {ByOperator})")]
    private partial void LogRunPaused(string reason, bool byOperator);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run resumed: {Reason} (by operator: {ByOperator})")]
    private partial void LogRunResumed(string reason, bool byOperator);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Operator paused the run: {Reason} (operator action #{OperatorActions})")]
    private partial void LogOperatorPaused(string reason, int operatorActions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Operator continued the run: {Reason} (operator action #{OperatorActions})")]
    private partial void LogOperatorContinued(string reason, int operatorActions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stop requested by {RequestedBy} (emergency: {Emergency}): {Reason} (operator actions so far: {OperatorActions})")]
    private partial void LogStopRequested(bool emergency, string requestedBy, string reason, int operatorActions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Operator override: {Action} task {TaskId} (was {PreviousStatus}, attempt {Attempt}): {Reason}; {UnblockedCount} tasks unblocked (operator action #{OperatorActions})")]
    private partial void LogTaskOverridden(string taskId, Events.OverrideAction action, State.TaskStatus previousStatus, int attempt, string reason, int unblockedCount, int operatorActions, string unblockedTasks);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Operator retry by {By}: {Count} failed or blocked tasks run again: {Reason} (operator action #{OperatorActions})")]
    private partial void LogTasksRetried(int count, string by, string reason, int operatorActions, string taskIds);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Executor fault: {Reason} (task {TaskId})")]
    private partial void LogExecutorFaulted(string reason, string? taskId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run rolled back to checkpoint #{CheckpointSequence} ({CheckpointPath}) because critical task {CauseTaskId} failed; {ResetCount} tasks reset: {ResetTasks}")]
    private partial void LogRolledBack(long checkpointSequence, string checkpointPath, string causeTaskId, int resetCount, string resetTasks);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Checkpoint #{CheckpointSequence} ({Reason}) recorded: {Path}, journal event {JournalPosition}")]
    private partial void LogCheckpointTaken(long checkpointSequence, string reason, string path, long journalPosition);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Checkpoint ({Reason}) could not be written: {Error}")]
    private partial void LogCheckpointFailed(string reason, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run interrupted: {Reason} (signal {Signal}); {Finished}/{Total} tasks finished, state kept")]
    private partial void LogRunInterrupted(string reason, int? signal, int finished, int total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run completed (succeeded: {Succeeded}): {SucceededCount} succeeded, {FailedCount} failed, {BlockedCount} blocked, {SkippedCount} skipped")]
    private partial void LogRunCompleted(bool succeeded, int succeededCount, int failedCount, int blockedCount, int skippedCount);
}
