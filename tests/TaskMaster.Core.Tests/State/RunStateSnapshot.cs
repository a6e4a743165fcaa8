using TaskMaster.Core.State;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Core.Tests.State;

/// <summary>
/// A run state as plain values, so that two states compare field by field (and a difference is printed).
/// A failure is compared by what a checkpoint keeps of it: attempt, class, reason.
/// </summary>
internal sealed record RunStateSnapshot(
    string? RunId, RunStatus Status, string? StatusReason, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, long LastSequence,
    int TotalFailures, TimeSpan SucceededDurationTotal, TimeSpan AttemptDurationTotal, int RecoveredFailures, int UnrecoveredFailures, int OperatorActions,
    double AllocatedCpu, long AllocatedMemory, int ReadyCount, string ErrorLog)
{
    public static RunStateSnapshot Of(RunState state) => new(
        state.RunId, state.Status, state.StatusReason, state.StartedAt, state.EndedAt, state.LastSequence,
        state.TotalFailures, state.SucceededDurationTotal, state.AttemptDurationTotal, state.RecoveredFailures, state.UnrecoveredFailures, state.OperatorActions,
        state.AllocatedCpu, state.AllocatedMemory, state.ReadyCount,
        string.Join(" | ", state.ErrorLog.Select(e => $"{e.GetType().Name} {e.At:O}")));

    public static IReadOnlyList<TaskSnapshot> TasksOf(RunState state) =>
        state.Tasks.Select(t => new TaskSnapshot(
            state.Queue.Tasks[t.Index].Id, t.Status, t.Attempt, t.TransientFailures, t.ExecutorFailures, t.NextRetryAt, t.BlockedBy,
            t.RemainingDependencies, t.StartedAt, t.EndedAt, t.Duration, t.Progress, t.ProgressMessage,
            t.LastFailure is { } f ? $"attempt {f.Attempt} {f.Class}: {f.Reason}" : null)).ToList();

    /// <summary>Asserts that <paramref name="actual"/> holds the same run and the same tasks as <paramref name="expected"/>.</summary>
    public static void AssertSame(RunState expected, RunState actual)
    {
        Assert.Equal(Of(expected), Of(actual));
        Assert.Equal(TasksOf(expected), TasksOf(actual));
    }
}

internal sealed record TaskSnapshot(
    string Id, TaskStatus Status, int Attempt, int TransientFailures, int ExecutorFailures, DateTimeOffset? NextRetryAt, string? BlockedBy,
    int RemainingDependencies, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, TimeSpan? Duration, double Progress, string? ProgressMessage,
    string? LastFailure);
