using TaskMaster.Core.State;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Core.ReadModel;

/// <summary>
/// One task as the monitor lists it (docs/monitoring-contract.md, "Task row"): every task, pending
/// ones included, with its times, so that a dashboard can draw it without folding events itself.
/// </summary>
/// <param name="Attempt">Attempts started so far (0 before the first).</param>
/// <param name="MaxAttempts">1 + the task's retries.</param>
/// <param name="StartedAt">When its latest attempt started; null before the first.</param>
/// <param name="EndedAt">When its latest attempt ended (<c>AttemptSpan</c>); null while it runs and before the first.</param>
/// <param name="DurationSeconds">Of its latest attempt that ended (<c>AttemptSpan</c>, to the millisecond); null while it runs and before the first.</param>
/// <param name="LastError">The reason of its latest failed attempt.</param>
/// <param name="NextRetryAt">When its next attempt is due, while it waits for one.</param>
public sealed record TaskRow(
    string Id, TaskStatus State, int Attempt, int MaxAttempts, double Progress, string? ProgressMessage,
    DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, double? DurationSeconds, string? LastError, string? BlockedBy,
    DateTimeOffset? NextRetryAt)
{
    public static TaskRow Of(RunState state, TaskRunState task)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(task);
        return Of(state.Queue.Tasks[task.Index], task.Facts);
    }

    /// <summary>The row of the task <paramref name="definition"/> defines, whose state is <paramref name="task"/>.</summary>
    public static TaskRow Of(Core.Queue.TaskDefinition definition, in TaskFacts task)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var rare = task.Rare;
        return new TaskRow(definition.Id, task.Status, task.Attempt, 1 + definition.Retries, Math.Round(task.Progress, 1),
            rare.ProgressMessage, task.StartedAt, task.AttemptEndedAt, task.Duration?.TotalSeconds,
            rare.LastFailure?.Reason, rare.BlockedBy, task.Status == TaskStatus.RetryWaiting ? rare.NextRetryAt : null);
    }

    /// <summary>
    /// True when <paramref name="task"/> is still as its queue defines it (waiting for its first attempt,
    /// nothing recorded of it).
    /// </summary>
    public static bool IsUntouched(TaskRunState task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task is { Status: TaskStatus.Pending or TaskStatus.Ready, Attempt: 0, Progress: 0, ProgressMessage: null, StartedAt: null,
            Duration: null, LastFailure: null, BlockedBy: null };
    }
}
