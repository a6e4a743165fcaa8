using TaskMaster.Core.Events;

namespace TaskMaster.Core.State;

/// <summary>One task's part of the run state. Mutated only by <see cref="RunState.Apply"/>.</summary>
public sealed class TaskRunState
{
    internal TaskRunState(int index) => Index = index;

    public int Index { get; }

    public TaskStatus Status { get; internal set; }

    /// <summary>Attempts started so far (the running or last attempt's number).</summary>
    public int Attempt { get; internal set; }

    /// <summary>Transient failures so far: what the <c>retries</c> budget is spent on.</summary>
    public int TransientFailures { get; internal set; }

    /// <summary>Executor (critical-class) failures so far; they do not spend the retries budget.</summary>
    public int ExecutorFailures { get; internal set; }

    /// <summary>Times the run was rolled back because this (critical) task failed for good.</summary>
    public int Rollbacks { get; internal set; }

    /// <summary>Dependencies not yet succeeded or skipped.</summary>
    public int RemainingDependencies { get; internal set; }

    /// <summary>When the current or last attempt started.</summary>
    public DateTimeOffset? StartedAt { get; internal set; }

    /// <summary>When the task reached a final state.</summary>
    public DateTimeOffset? EndedAt { get; internal set; }

    /// <summary>
    /// Duration of the last attempt that ended (<see cref="AttemptSpan"/>, whole milliseconds); null while
    /// an attempt runs and before the first.
    /// </summary>
    public TimeSpan? Duration { get; internal set; }

    /// <summary>When the last attempt ended: its start plus its <see cref="Duration"/>; null while it runs.</summary>
    public DateTimeOffset? AttemptEndedAt => StartedAt is { } start && Duration is { } took ? start + took : null;

    /// <summary>Progress of the running attempt, 0–100, from <c>::progress</c> lines.</summary>
    public double Progress { get; internal set; }

    public string? ProgressMessage { get; internal set; }

    /// <summary>When the next attempt is due, while <see cref="TaskStatus.RetryWaiting"/>.</summary>
    public DateTimeOffset? NextRetryAt { get; internal set; }

    /// <summary>The latest failure, if any.</summary>
    public TaskFailed? LastFailure { get; internal set; }

    /// <summary>The task whose failure blocked this one, while <see cref="TaskStatus.Blocked"/>.</summary>
    public string? BlockedBy { get; internal set; }
}
