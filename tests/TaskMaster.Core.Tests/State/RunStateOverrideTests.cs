using TaskMaster.Core.Events;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Queue;
using TaskMaster.Core.State;
using static TaskMaster.Core.Tests.TestQueues;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Core.Tests.State;

/// <summary>How <see cref="TaskOverridden"/> and <see cref="RunStopRequested"/> fold into the run state.</summary>
public sealed class RunStateOverrideTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static RunState Started(QueueDefinition queue)
    {
        var state = new RunState(queue);
        state.Apply(new RunStarted(T0, "run-1", "test", "/tmp/q.md", "hash", queue.Tasks.Count, 2, false));
        return state;
    }

    private static TaskOverridden Overridden(string id, OverrideAction action, TaskStatus previous, params string[] unblocked) =>
        new(T0, id, action, previous, 1, "by hand", unblocked);

    [Fact]
    public void Apply_SkipOfARunningTask_ReleasesItsResourcesAndReadiesDependents()
    {
        var queue = QueueOf(TaskDef("a") with { Resources = ResourceRequest.Default with { Cpu = 2, MemoryBytes = 1 << 20 } }, TaskDef("b", "a"));
        var state = Started(queue);
        state.Apply(new TaskStarted(T0, "a", 1));

        state.Apply(Overridden("a", OverrideAction.Skip, TaskStatus.Running));

        Assert.Equal((0.0, 0L), (state.AllocatedCpu, state.AllocatedMemory));
        Assert.Equal((TaskStatus.Skipped, TaskStatus.Ready), (state.Task("a").Status, state.Task("b").Status));
        Assert.Equal(1, state.OperatorActions);
    }

    [Fact]
    public void Apply_RetryOfAFailedTask_PendingAgainWithAFreshBudgetAndItsBlockedDependentsWaiting()
    {
        var state = Started(QueueOf(TaskDef("a") with { Retries = 1 }, TaskDef("b", "a")));
        state.Apply(new TaskStarted(T0, "a", 1));
        state.Apply(new TaskFailed(T0, "a", 1, TaskFailureClass.Transient, TaskFailureKind.ExitCode, 75, null,
            TimeSpan.FromSeconds(1), "exit code 75", [], WillRetry: false));
        state.Apply(new TasksBlocked(T0, "a", ["b"]));

        state.Apply(Overridden("a", OverrideAction.Retry, TaskStatus.Failed, "b"));

        var a = state.Task("a");
        Assert.Equal((TaskStatus.Ready, 0, 1), (a.Status, a.TransientFailures, a.Attempt));
        Assert.Equal((TaskStatus.Pending, null, 1), (state.Task("b").Status, state.Task("b").BlockedBy, state.Task("b").RemainingDependencies));
        Assert.Equal(0, state.FinishedCount);
    }

    [Fact]
    public void Apply_RetryOfASkippedTask_ReadyDependentsWaitForItAgain()
    {
        var state = Started(QueueOf(TaskDef("a"), TaskDef("b", "a")));
        state.Apply(Overridden("a", OverrideAction.Skip, TaskStatus.Ready));
        Assert.Equal(TaskStatus.Ready, state.Task("b").Status);

        state.Apply(Overridden("a", OverrideAction.Retry, TaskStatus.Skipped));

        Assert.Equal((TaskStatus.Ready, TaskStatus.Pending), (state.Task("a").Status, state.Task("b").Status));
        var ready = new List<int>();
        while (state.TryDequeueReady(out var next)) ready.Add(next);
        Assert.NotEmpty(ready);
        Assert.All(ready, index => Assert.Equal(0, index)); // b's entry from when it was ready is stale now
    }

    [Fact]
    public void Apply_CancelOfAPendingTask_FailsItWithoutFinishingItsDependents()
    {
        var state = Started(QueueOf(TaskDef("a"), TaskDef("b", "a"), TaskDef("c", "b")));

        state.Apply(Overridden("b", OverrideAction.Cancel, TaskStatus.Pending));

        Assert.Equal((TaskStatus.Failed, TaskStatus.Pending), (state.Task("b").Status, state.Task("c").Status));
        Assert.NotNull(state.Task("b").EndedAt);
    }

    [Fact]
    public void Apply_OperatorStopRequest_RecordedAndCounted()
    {
        var state = Started(QueueOf(TaskDef("a")));

        state.Apply(new RunStopRequested(T0, "end of shift", Emergency: false, ByOperator: true));

        Assert.Equal(("end of shift", 1, RunStatus.Running), (state.StopRequest?.Reason, state.OperatorActions, state.Status));
    }
}
