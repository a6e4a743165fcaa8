namespace TaskMaster.Core.State;

/// <summary>Where a task is in its life within a run.</summary>
public enum TaskStatus
{
    /// <summary>Waiting for its dependencies.</summary>
    Pending,

    /// <summary>Dependencies met; waiting for a slot and its resources.</summary>
    Ready,

    /// <summary>An attempt is running.</summary>
    Running,

    /// <summary>An attempt failed transiently; another is scheduled.</summary>
    RetryWaiting,

    /// <summary>An attempt met the success criteria.</summary>
    Succeeded,

    /// <summary>Failed for good (permanent failure, or retries used up).</summary>
    Failed,

    /// <summary>Can never run: a task it depends on failed for good.</summary>
    Blocked,

    /// <summary>Not run: <c>status: done</c> in the queue, or skipped by an operator.</summary>
    Skipped,
}

public static class TaskStatusExtensions
{
    /// <summary>True for the states a task never leaves within a run.</summary>
    public static bool IsFinal(this TaskStatus status) =>
        status is TaskStatus.Succeeded or TaskStatus.Failed or TaskStatus.Blocked or TaskStatus.Skipped;

    /// <summary>True when the task's dependents may run.</summary>
    public static bool SatisfiesDependents(this TaskStatus status) =>
        status is TaskStatus.Succeeded or TaskStatus.Skipped;
}
