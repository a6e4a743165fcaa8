using System.Text.Json.Serialization;
using TaskMaster.Core.Policies;

namespace TaskMaster.Core.Events;

/// <summary>
/// Something that happened to a run. The run's state is the fold of its events
/// (<see cref="State.RunState.Apply"/>): they are journaled before they are acted on,
/// and every view (terminal, logs, dashboard, metrics) is built from them.
/// </summary>
/// <param name="At">When it happened, from the scheduler's <see cref="TimeProvider"/>.</param>
public abstract record RunEvent(DateTimeOffset At)
{
    /// <summary>Position in the run's journal, assigned when appended (1-based).</summary>
    public long Sequence { get; set; }
}

/// <summary>A run began (or was resumed; see <see cref="ResumedFrom"/>) for a queue.</summary>
public sealed record RunStarted(
    DateTimeOffset At, string RunId, string QueueName, string QueuePath, string QueueHash,
    int TaskCount, int Concurrency, bool Autonomous, string? ResumedFrom = null) : RunEvent(At);

/// <summary>An attempt of a task was handed to a worker.</summary>
public sealed record TaskStarted(DateTimeOffset At, string TaskId, int Attempt) : RunEvent(At);

/// <summary>A running task reported progress with a <c>::progress</c> line.</summary>
public sealed record TaskProgressed(DateTimeOffset At, string TaskId, int Attempt, double Percent, string? Message) : RunEvent(At);

/// <summary>An attempt met the task's success criteria.</summary>
public sealed record TaskSucceeded(DateTimeOffset At, string TaskId, int Attempt, int ExitCode, TimeSpan Duration) : RunEvent(At);

/// <summary>
/// An attempt failed. <see cref="Class"/> says how the policy saw it and <see cref="WillRetry"/>
/// what it decided; when false the task has failed for good and its dependents are blocked.
/// </summary>
public sealed record TaskFailed(
    DateTimeOffset At, string TaskId, int Attempt, TaskFailureClass Class, TaskFailureKind Kind,
    int? ExitCode, int? Signal, TimeSpan Duration, string Reason, IReadOnlyList<string> StderrTail,
    bool WillRetry) : RunEvent(At);

/// <summary>The retry policy scheduled another attempt of a task after a transient failure.</summary>
public sealed record TaskRetryScheduled(DateTimeOffset At, string TaskId, int NextAttempt, TimeSpan Delay, DateTimeOffset DueAt) : RunEvent(At);

/// <summary>Tasks that can never run because <see cref="CauseTaskId"/> failed for good (the transitive dependents).</summary>
public sealed record TasksBlocked(DateTimeOffset At, string CauseTaskId, IReadOnlyList<string> TaskIds) : RunEvent(At);

/// <summary>Dispatch of new tasks stopped; running tasks go on. <see cref="ByOperator"/> when a person asked.</summary>
public sealed record RunPaused(DateTimeOffset At, string Reason, bool ByOperator) : RunEvent(At);

/// <summary>Dispatch started again after a pause.</summary>
public sealed record RunResumed(DateTimeOffset At, string Reason, bool ByOperator) : RunEvent(At);

/// <summary>The executor itself failed (not a task): disk full, a log or journal write failed, a process could not be spawned.</summary>
public sealed record ExecutorFaulted(DateTimeOffset At, string Reason, string? TaskId) : RunEvent(At);

/// <summary>The run was interrupted (signal, stop request) with work left; its state is kept.</summary>
public sealed record RunInterrupted(DateTimeOffset At, string Reason, int? Signal) : RunEvent(At);

/// <summary>Every task has reached an end state: succeeded, failed, blocked or skipped.</summary>
public sealed record RunCompleted(DateTimeOffset At, bool Succeeded) : RunEvent(At);

/// <summary>A running attempt was stopped by the executor (run interrupted); the task goes back to waiting to run.</summary>
public sealed record TaskCancelled(DateTimeOffset At, string TaskId, int Attempt, string Reason) : RunEvent(At);

/// <summary>
/// A checkpoint covering the journal up to <see cref="JournalPosition"/> was written, taking <see cref="Duration"/>
/// (null in journals written before it was recorded). Where it is, and its redundant copy, are locations of its
/// store (a path for files, a URI for object storage), read back by the same store.
/// </summary>
public sealed record CheckpointTaken(
    DateTimeOffset At, long CheckpointSequence, string Reason, string Location, string? MirrorLocation, long JournalPosition,
    TimeSpan? Duration = null) : RunEvent(At)
{
    // Journals written before locations were named so call them "path" and "mirrorPath": read, never written.
    [JsonInclude, JsonPropertyName("path")]
    private string? LegacyPath
    {
        get => null;
        init { if (value is not null) Location = value; }
    }

    [JsonInclude, JsonPropertyName("mirrorPath")]
    private string? LegacyMirrorPath
    {
        get => null;
        init { if (value is not null) MirrorLocation = value; }
    }
}

/// <summary>A checkpoint could not be written (the previous ones are intact).</summary>
public sealed record CheckpointFailed(DateTimeOffset At, string Reason, string Error) : RunEvent(At);

/// <summary>
/// The run went back to a checkpoint after the critical task <see cref="CauseTaskId"/> failed for
/// good: every task in <see cref="Resets"/> takes the state it had in that checkpoint. The event
/// carries the resets themselves, so the journal alone replays it.
/// </summary>
public sealed record RunRolledBack(
    DateTimeOffset At, string CauseTaskId, long CheckpointSequence, string CheckpointLocation, long JournalPosition,
    IReadOnlyList<TaskReset> Resets) : RunEvent(At)
{
    // Journals written before locations were named so call it "checkpointPath": read, never written.
    [JsonInclude, JsonPropertyName("checkpointPath")]
    private string? LegacyCheckpointPath
    {
        get => null;
        init { if (value is not null) CheckpointLocation = value; }
    }
}

/// <summary>A task's state as a rollback sets it.</summary>
public sealed record TaskReset(
    string TaskId, State.TaskStatus Status, int Attempt, int TransientFailures, int ExecutorFailures,
    DateTimeOffset? NextRetryAt, string? BlockedBy);

/// <summary>
/// An operator decided a task's fate by hand (see <see cref="OverrideAction"/>). <see cref="PreviousStatus"/>
/// is the task's status before, <see cref="Attempt"/> its attempt count then (a running attempt is killed),
/// and <see cref="Unblocked"/> the blocked tasks that may run again because of it.
/// </summary>
public sealed record TaskOverridden(
    DateTimeOffset At, string TaskId, OverrideAction Action, State.TaskStatus PreviousStatus, int Attempt, string Reason,
    IReadOnlyList<string> Unblocked) : RunEvent(At);

/// <summary>
/// A person asked for tasks of a run that had ended to run again (<c>task-master retry</c>): each of
/// <see cref="TaskIds"/> (failed, cancelled or blocked) waits to run again with its attempt count
/// kept, so its next attempt is numbered after its last. Journaled as the retry starts, before any of
/// them runs; <see cref="By"/> and <see cref="Reason"/> say who asked and why.
/// </summary>
public sealed record TasksRetried(DateTimeOffset At, IReadOnlyList<string> TaskIds, string By, string Reason) : RunEvent(At);

/// <summary>
/// A request to stop the run was acknowledged: nothing starts any more. Running attempts finish
/// (or, with <see cref="Emergency"/>, are killed), then the run ends as interrupted.
/// </summary>
public sealed record RunStopRequested(DateTimeOffset At, string Reason, bool Emergency, bool ByOperator) : RunEvent(At);
