using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Events;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Queue;
using TaskMaster.Core.State;
using TaskMaster.Core.Tests.Checkpoints;
using static TaskMaster.Core.Tests.TestQueues;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Core.Tests.State;

/// <summary>How <see cref="TasksRetried"/> folds into the state of a run that ended.</summary>
public sealed class RunStateRetryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    /// <summary>fails (failed, attempt 1) → after (blocked); done (succeeded); the run failed.</summary>
    private static RunState FailedRun()
    {
        var queue = QueueOf(TaskDef("fails") with { Retries = 1 }, TaskDef("after", "fails"), TaskDef("done"));
        var state = new RunState(queue);
        state.Apply(new RunStarted(T0, "run-1", "test", "/tmp/q.md", "hash", 3, 2, false));
        state.Apply(new TaskStarted(T0, "done", 1));
        state.Apply(new TaskSucceeded(T0, "done", 1, 0, TimeSpan.FromSeconds(1)));
        state.Apply(new TaskStarted(T0, "fails", 1));
        state.Apply(new TaskFailed(T0, "fails", 1, TaskFailureClass.Transient, TaskFailureKind.ExitCode, 75, null,
            TimeSpan.FromSeconds(1), "exit code 75", [], WillRetry: false));
        state.Apply(new TasksBlocked(T0, "fails", ["after"]));
        state.Apply(new RunCompleted(T0, Succeeded: false));
        return state;
    }

    private static RunState Resumed(RunState state)
    {
        state.Apply(new RunStarted(T0.AddHours(1), "run-1", "test", "/tmp/q.md", "hash", 3, 2, false, ResumedFrom: "checkpoints/latest.json"));
        return state;
    }

    [Fact]
    public void Apply_TasksRetried_FailedTaskReadyAgainWithItsAttemptsKeptAndBlockedDependentWaiting()
    {
        var state = Resumed(FailedRun());

        state.Apply(new TasksRetried(T0.AddHours(1), ["fails", "after"], "ops", "mirror fixed"));

        var fails = state.Task("fails");
        Assert.Equal((TaskStatus.Ready, 1, 0, (DateTimeOffset?)null), (fails.Status, fails.Attempt, fails.TransientFailures, fails.EndedAt));
        var after = state.Task("after");
        Assert.Equal((TaskStatus.Pending, 0, (string?)null, 1), (after.Status, after.Attempt, after.BlockedBy, after.RemainingDependencies));
        Assert.Equal(TaskStatus.Succeeded, state.Task("done").Status);
        Assert.Equal((RunStatus.Running, 1, 1), (state.Status, state.ReadyCount, state.OperatorActions));
        Assert.False(state.AllFinal);
    }

    [Fact]
    public void Apply_TasksRetriedNamingATaskThatNoLongerFailed_LeavesItAlone()
    {
        var state = Resumed(FailedRun());

        state.Apply(new TasksRetried(T0, ["done"], "ops", "by mistake"));

        Assert.Equal(TaskStatus.Succeeded, state.Task("done").Status);
        Assert.Equal(TaskStatus.Failed, state.Task("fails").Status);
    }

    [Fact]
    public void Restore_CheckpointTakenAfterARetry_GivesTheSameStateAsTheFold()
    {
        var state = Resumed(FailedRun());
        state.Apply(new TasksRetried(T0, ["fails", "after"], "ops", "again") { Sequence = 9 });
        state.Apply(new TaskStarted(T0, "fails", 2) { Sequence = 10 });

        var restored = RunState.Restore(state.Queue, CheckpointBuilder.Build(state, CheckpointContexts.Plain(2, T0)));

        RunStateSnapshot.AssertSame(state, restored);
        Assert.Equal((TaskStatus.Running, 2), (restored.Task("fails").Status, restored.Task("fails").Attempt));
    }
}
