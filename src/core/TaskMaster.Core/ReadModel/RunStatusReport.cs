using TaskMaster.Core.Display;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Core.ReadModel;

/// <summary>
/// Where a run is, as <c>task-master status</c> shows it: the same record whether a running
/// executor answers (<see cref="RunStatusModel"/>) or the home's last known state does
/// (<see cref="RunStatusMapper"/>). Its JSON form (<see cref="RunStatusJson"/>) is documented in docs/status.md.
/// </summary>
public sealed record RunStatusReport
{
    public required string RunId { get; init; }

    public required RunPhase State { get; init; }

    /// <summary>Why the run is paused or stopped.</summary>
    public string? StateReason { get; init; }

    /// <summary>True when a running executor answered; false for the last known state of a home.</summary>
    public required bool Live { get; init; }

    public required QueueRef Queue { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public required ProgressFigures Progress { get; init; }

    public required TaskCounts TaskCounts { get; init; }

    /// <summary>Running attempts, the earliest started first.</summary>
    public required IReadOnlyList<CurrentTask> CurrentTasks { get; init; }

    /// <summary>Null while nothing is known to estimate with, and for a stopped run.</summary>
    public double? EtaSeconds { get; init; }

    public required double AutonomyScore { get; init; }

    public required double ErrorRate { get; init; }

    public CheckpointRef? LastCheckpoint { get; init; }

    /// <summary>The live dashboard; null while none is served.</summary>
    public string? MonitorUrl { get; init; }

    /// <summary>Every task that is not pending, in queue order; only when asked for the details.</summary>
    public IReadOnlyList<TaskDetail>? Tasks { get; init; }

    /// <summary>The newest errors, newest first; only when asked for the details.</summary>
    public IReadOnlyList<RecentError>? RecentErrors { get; init; }

    /// <summary>The executor process's use of CPU, memory and disk; only when asked, and only live.</summary>
    public ResourceUsage? Resources { get; init; }

    /// <summary>The estimate a person is shown: none once the run has ended or is stopping (never "ETA 0ms").</summary>
    public double? EtaToShow() => State is RunPhase.Running or RunPhase.Paused ? EtaSeconds : null;
}

/// <summary>The run's state as the status shows it: a run whose executor is gone is <see cref="Stopped"/>.</summary>
public enum RunPhase
{
    Running,
    Paused,
    Completed,
    Failed,
    Stopped,
}

/// <summary>What went wrong, in <see cref="RecentError"/>.</summary>
public enum ErrorKind
{
    /// <summary>A task's attempt failed and matched its <c>retry-on</c>.</summary>
    Transient,

    /// <summary>A task's attempt failed in a way another attempt would not fix.</summary>
    Permanent,

    /// <summary>A task's attempt failed because of the executor (disk full, spawn failed).</summary>
    Critical,

    /// <summary>The executor itself failed, outside any attempt.</summary>
    ExecutorFault,

    /// <summary>A checkpoint could not be written.</summary>
    CheckpointFailed,
}

public sealed record QueueRef(string Name, string Path);

/// <param name="Percent">0–100: finished tasks whole, running ones by their <c>::progress</c>.</param>
/// <param name="Finished">Tasks in a final state.</param>
public sealed record ProgressFigures(double Percent, int Finished, int Total);

public sealed record TaskCounts(
    int Total, int Pending, int Ready, int Running, int RetryWaiting, int Succeeded, int Failed, int Blocked, int Skipped)
{
    /// <summary>How far the run is, as every view says it (<see cref="ProgressText"/>): finished, succeeded, failed, blocked.</summary>
    public string Describe() => ProgressText.Of(Total, Succeeded, Failed, Blocked, Skipped);
}

/// <param name="Progress">0–100, from the task's <c>::progress</c> lines.</param>
/// <param name="MaxAttempts">1 + the task's retries.</param>
public sealed record CurrentTask(
    string Id, string Title, double Progress, string? Message, int Attempt, int MaxAttempts, DateTimeOffset? StartedAt);

public sealed record CheckpointRef(DateTimeOffset Time, string Path);

/// <param name="Attempts">Attempts started so far.</param>
/// <param name="LastError">The reason of its latest failed attempt.</param>
/// <param name="BlockedBy">The task whose failure blocked it.</param>
/// <param name="StartedAt">When its latest attempt started.</param>
/// <param name="EndedAt">When its latest attempt ended (<c>AttemptSpan</c>); null while it runs.</param>
/// <param name="DurationSeconds">Of its latest attempt that ended, to the millisecond; null while it runs.</param>
public sealed record TaskDetail(
    string Id, TaskStatus State, int Attempts, string? LastError, string? BlockedBy,
    DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, double? DurationSeconds);

/// <param name="TaskId">Null for an error of the executor outside any task.</param>
public sealed record RecentError(DateTimeOffset Time, ErrorKind Kind, string? TaskId, int? Attempt, string Message);

/// <param name="CpuPercent">Executor CPU time over wall time since the previous sample, in percent of one core.</param>
/// <param name="MemoryBytes">The executor's working set.</param>
/// <param name="MemoryBudgetBytes">The O(√n) budget for the run's tasks (<c>MemoryBudget</c>).</param>
/// <param name="DiskReadBytes">Bytes the executor read from storage; null where the system does not say.</param>
public sealed record ResourceUsage(
    double CpuPercent, long MemoryBytes, long MemoryBudgetBytes, double MemoryBudgetPercent, long? DiskReadBytes, long? DiskWriteBytes);
