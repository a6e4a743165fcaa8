using TaskMaster.Core.Events;

namespace TaskMaster.Core.State;

/// <summary>One task's part of the run state. Mutated only by <see cref="RunState.Apply"/>.</summary>
public sealed class TaskRunState
{
    private TaskFacts _facts = new();

    internal TaskRunState(int index) => Index = index;

    public int Index { get; }

    /// <summary>Dependencies not yet succeeded or skipped.</summary>
    public int RemainingDependencies { get; internal set; }

    /// <summary>A copy of the task's facts as they are now (a snapshot another thread may keep).</summary>
    public TaskFacts Facts => _facts;

    public TaskStatus Status
    {
        get => _facts.Status;
        internal set => _facts.Status = value;
    }

    /// <summary>Attempts started so far (the running or last attempt's number).</summary>
    public int Attempt
    {
        get => _facts.Attempt;
        internal set => _facts.Attempt = value;
    }

    /// <summary>Transient failures so far: what the <c>retries</c> budget is spent on.</summary>
    public int TransientFailures
    {
        get => _facts.Rare.TransientFailures;
        internal set { if (value != TransientFailures) _facts.Rare = _facts.Rare with { TransientFailures = value }; }
    }

    /// <summary>Executor (critical-class) failures so far; they do not spend the retries budget.</summary>
    public int ExecutorFailures
    {
        get => _facts.Rare.ExecutorFailures;
        internal set { if (value != ExecutorFailures) _facts.Rare = _facts.Rare with { ExecutorFailures = value }; }
    }

    /// <summary>Times the run was rolled back because this (critical) task failed for good.</summary>
    public int Rollbacks
    {
        get => _facts.Rare.Rollbacks;
        internal set { if (value != Rollbacks) _facts.Rare = _facts.Rare with { Rollbacks = value }; }
    }

    /// <summary>When the current or last attempt started.</summary>
    public DateTimeOffset? StartedAt
    {
        get => _facts.StartedAt;
        internal set => _facts.StartedAt = value;
    }

    /// <summary>When the task reached a final state.</summary>
    public DateTimeOffset? EndedAt
    {
        get => _facts.EndedAt;
        internal set => _facts.EndedAt = value;
    }

    /// <summary>
    /// Duration of the last attempt that ended (<see cref="AttemptSpan"/>, whole milliseconds); null while
    /// an attempt runs and before the first.
    /// </summary>
    public TimeSpan? Duration
    {
        get => _facts.Duration;
        internal set => _facts.Duration = value;
    }

    /// <summary>When the last attempt ended: its start plus its <see cref="Duration"/>; null while it runs.</summary>
    public DateTimeOffset? AttemptEndedAt => _facts.AttemptEndedAt;

    /// <summary>Progress of the running attempt, 0–100, from <c>::progress</c> lines.</summary>
    public double Progress
    {
        get => _facts.Progress;
        internal set => _facts.Progress = value;
    }

    public string? ProgressMessage
    {
        get => _facts.Rare.ProgressMessage;
        internal set { if (value != ProgressMessage) _facts.Rare = _facts.Rare with { ProgressMessage = value }; }
    }

    /// <summary>When the next attempt is due, while <see cref="TaskStatus.RetryWaiting"/>.</summary>
    public DateTimeOffset? NextRetryAt
    {
        get => _facts.Rare.NextRetryAt;
        internal set { if (!Nullable.Equals(value, NextRetryAt) || value?.Offset != NextRetryAt?.Offset) _facts.Rare = _facts.Rare with { NextRetryAt = value }; }
    }

    /// <summary>The latest failure, if any.</summary>
    public TaskFailed? LastFailure
    {
        get => _facts.Rare.LastFailure;
        internal set { if (!ReferenceEquals(value, LastFailure)) _facts.Rare = _facts.Rare with { LastFailure = value }; }
    }

    /// <summary>The task whose failure blocked this one, while <see cref="TaskStatus.Blocked"/>.</summary>
    public string? BlockedBy
    {
        get => _facts.Rare.BlockedBy;
        internal set { if (value != BlockedBy) _facts.Rare = _facts.Rare with { BlockedBy = value }; }
    }
}
