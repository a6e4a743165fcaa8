using TaskMaster.Core.Events;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using static TaskMaster.Core.Tests.TestQueues;

namespace TaskMaster.Core.Tests.Scheduling;

/// <summary>What <c>task-master retry</c> runs again, with and without names, and what it refuses.</summary>
public sealed class RetrySelectionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    /// <summary>x fails → x-child blocked → x-grandchild blocked; y fails → both (x, y) blocked; ok succeeded.</summary>
    private static RunState Ended()
    {
        var queue = QueueOf(TaskDef("x"), TaskDef("x-child", "x"), TaskDef("x-grandchild", "x-child"),
            TaskDef("y"), TaskDef("both", "x", "y"), TaskDef("ok"));
        var state = new RunState(queue);
        state.Apply(new RunStarted(T0, "run-1", "test", "/tmp/q.md", "hash", queue.Tasks.Count, 2, false));
        state.Apply(new TaskStarted(T0, "ok", 1));
        state.Apply(new TaskSucceeded(T0, "ok", 1, 0, TimeSpan.FromSeconds(1)));
        foreach (var (failed, blocked) in new[] { ("x", new[] { "x-child", "x-grandchild", "both" }), ("y", Array.Empty<string>()) })
        {
            state.Apply(new TaskStarted(T0, failed, 1));
            state.Apply(new TaskFailed(T0, failed, 1, TaskFailureClass.Permanent, TaskFailureKind.ExitCode, 1, null,
                TimeSpan.FromSeconds(1), "exit code 1", [], WillRetry: false));
            if (blocked.Length > 0) state.Apply(new TasksBlocked(T0, failed, blocked));
        }
        state.Apply(new RunCompleted(T0, Succeeded: false));
        return state;
    }

    [Fact]
    public void Choose_NoNames_EveryFailedAndBlockedTaskInQueueOrder()
    {
        var choice = RetrySelection.Choose(Ended(), []);

        Assert.Equal(["x", "x-child", "x-grandchild", "y", "both"], choice.TaskIds);
        Assert.True(choice.IsValid);
    }

    [Fact]
    public void Choose_NamedFailedTask_AlsoFreesTheBlockedTasksOnlyItBlocks()
    {
        var choice = RetrySelection.Choose(Ended(), ["x"]);

        // `both` also waits for y, which is not retried: it stays blocked.
        Assert.Equal(["x", "x-child", "x-grandchild"], choice.TaskIds);
    }

    [Fact]
    public void Choose_NamedBlockedTaskWhoseCauseIsNotRetried_RefusedNamingTheCause()
    {
        var choice = RetrySelection.Choose(Ended(), ["both", "x"]);

        Assert.Empty(choice.TaskIds);
        Assert.Equal("'both' is blocked by 'y', which failed and is not retried: retry it too, or retry every failed and blocked task",
            Assert.Single(choice.Problems));
    }

    [Fact]
    public void Choose_SucceededOrUnknownTask_RefusedWithTheReasonAndTheNearestId()
    {
        var choice = RetrySelection.Choose(Ended(), ["ok", "x-chidl"]);

        Assert.Equal(["'ok' has succeeded: only failed, cancelled or blocked tasks run again",
            "the run has no task 'x-chidl'; did you mean 'x-child'?"], choice.Problems);
    }

    [Fact]
    public void Choose_RunWithoutFailures_NothingToRetry()
    {
        var state = new RunState(QueueOf(TaskDef("ok")));
        state.Apply(new RunStarted(T0, "run-1", "test", "/tmp/q.md", "hash", 1, 1, false));
        state.Apply(new TaskStarted(T0, "ok", 1));
        state.Apply(new TaskSucceeded(T0, "ok", 1, 0, TimeSpan.FromSeconds(1)));

        var choice = RetrySelection.Choose(state, []);

        Assert.Equal("no task has failed or is blocked: nothing to retry", Assert.Single(choice.Problems));
    }
}
