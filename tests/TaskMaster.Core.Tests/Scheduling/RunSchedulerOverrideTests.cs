using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskMaster.Core.Tests.Checkpoints;
using TaskMaster.Core.Tests.State;
using static TaskMaster.Core.Tests.Scheduling.ControlledRun;
using static TaskMaster.Core.Tests.TestQueues;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Core.Tests.Scheduling;

/// <summary>Overriding a task by hand: each action, the tasks it frees or blocks, the refusals, and replay.</summary>
public sealed class RunSchedulerOverrideTests
{
    [Fact]
    public async Task OverrideAsync_SkipRetryWaitingTask_CutsTheRetryAndLetsDependentsRun()
    {
        var queue = QueueOf(TaskDef("flaky") with { Retries = 3, RetryBackoff = TimeSpan.FromHours(1) }, TaskDef("after", "flaky"));
        var run = new ControlledRun(queue, new ScriptedExecutor(l => Exit(l, l.Task.Id == "flaky" ? 75 : 0)));
        var finished = run.Start();
        await run.Recorder.WaitFor<TaskRetryScheduled>();

        var outcome = await run.Scheduler.OverrideAsync("flaky", OverrideAction.Skip, "known outage").WaitAsync(Limit);
        var summary = await finished.WaitAsync(Limit);

        Assert.Equal(["flaky", "after"], run.Executor.Launches.Select(l => l.Task.Id));
        Assert.Equal(TaskStatus.Skipped, run.Scheduler.State.Task("flaky").Status);
        Assert.True(run.Journal.Events.OfType<TaskOverridden>().Single() is { PreviousStatus: TaskStatus.RetryWaiting, Reason: "known outage" });
        Assert.Contains("'flaky' skipped", outcome.Message);
        Assert.Equal(RunStatus.Completed, summary.Status);
    }

    [Fact]
    public async Task OverrideAsync_SucceedFailedTask_UnblocksItsDependents()
    {
        var queue = QueueOf(TaskDef("a"), TaskDef("b", "a"), TaskDef("c", "b"), TaskDef("keep"));
        var run = new ControlledRun(queue, new ScriptedExecutor(l => l.Task.Id switch { "a" => Exit(l, 1), "keep" => null, _ => Exit(l, 0) }));
        var finished = run.Start();
        await run.Recorder.WaitFor<TasksBlocked>();

        var outcome = await run.Scheduler.OverrideAsync("a", OverrideAction.Succeed, null).WaitAsync(Limit);
        await run.Recorder.WaitFor<TaskSucceeded>(s => s.TaskId == "c");
        run.Executor.Succeed("keep");
        var summary = await finished.WaitAsync(Limit);

        Assert.Equal(["b", "c"], run.Journal.Events.OfType<TaskOverridden>().Single().Unblocked);
        Assert.Contains("2 blocked tasks unblocked", outcome.Message);
        Assert.Equal((RunStatus.Completed, 4), (summary.Status, summary.Succeeded));
    }

    [Fact]
    public async Task OverrideAsync_SkipOneOfTwoFailedDependencies_DependentStaysBlocked()
    {
        var queue = QueueOf(TaskDef("x"), TaskDef("y"), TaskDef("both", "x", "y"), TaskDef("keep"));
        var run = new ControlledRun(queue, new ScriptedExecutor(l => l.Task.Id switch { "keep" => null, "both" => Exit(l, 0), _ => Exit(l, 1) }));
        var finished = run.Start();
        await run.Recorder.WaitFor<TasksBlocked>(b => b.CauseTaskId == "x");
        await run.Recorder.WaitFor<TaskFailed>(f => f.TaskId == "y");

        var first = await run.Scheduler.OverrideAsync("x", OverrideAction.Skip, null).WaitAsync(Limit);
        await run.Scheduler.OverrideAsync("y", OverrideAction.Skip, null).WaitAsync(Limit);
        await run.Recorder.WaitFor<TaskSucceeded>(s => s.TaskId == "both");
        run.Executor.Succeed("keep");
        await finished.WaitAsync(Limit);

        Assert.DoesNotContain("unblocked", first.Message);
        Assert.Equal([[], ["both"]], run.Journal.Events.OfType<TaskOverridden>().Select(o => o.Unblocked.ToArray()));
    }

    [Fact]
    public async Task OverrideAsync_CancelPendingTask_BlocksItsDependents()
    {
        var queue = QueueOf(TaskDef("a"), TaskDef("b", "a"), TaskDef("c", "b"));
        var run = new ControlledRun(queue, new ScriptedExecutor(_ => null));
        var finished = run.Start();
        await run.Executor.WaitForLaunch(1).Task.WaitAsync(Limit);

        var outcome = await run.Scheduler.OverrideAsync("b", OverrideAction.Cancel, "obsolete").WaitAsync(Limit);
        run.Executor.Succeed("a");
        var summary = await finished.WaitAsync(Limit);

        var blocked = Assert.Single(run.Journal.Events.OfType<TasksBlocked>());
        Assert.Equal("b", blocked.CauseTaskId);
        Assert.Equal(["c"], blocked.TaskIds);
        Assert.Contains("1 dependent task blocked", outcome.Message);
        Assert.Equal(["a"], run.Executor.Launches.Select(l => l.Task.Id));
        Assert.Equal((RunStatus.Failed, 1, 1), (summary.Status, summary.Failed, summary.Blocked));
    }

    [Fact]
    public async Task OverrideAsync_RetryFailedTask_RunsItAgainAndUnblocksDependents()
    {
        var queue = QueueOf(TaskDef("a"), TaskDef("b", "a"), TaskDef("keep"));
        var run = new ControlledRun(queue, new ScriptedExecutor(l => l.Task.Id switch
        {
            "a" => Exit(l, l.Attempt == 1 ? 1 : 0),
            "keep" => null,
            _ => Exit(l, 0),
        }));
        var finished = run.Start();
        await run.Recorder.WaitFor<TasksBlocked>();

        var outcome = await run.Scheduler.OverrideAsync("a", OverrideAction.Retry, "fixed the config").WaitAsync(Limit);
        await run.Recorder.WaitFor<TaskSucceeded>(s => s.TaskId == "b");
        run.Executor.Succeed("keep");
        var summary = await finished.WaitAsync(Limit);

        Assert.Contains("attempt 2", outcome.Message);
        Assert.Equal([1, 2], run.Executor.Launches.Where(l => l.Task.Id == "a").Select(l => l.Attempt));
        Assert.Equal((RunStatus.Completed, 3), (summary.Status, summary.Succeeded));
    }

    [Fact]
    public async Task OverrideAsync_SkipRunningTask_KillsJustThatAttemptAndIgnoresItsLateResult()
    {
        var queue = QueueOf(TaskDef("a"), TaskDef("b", "a"), TaskDef("other"));
        var run = new ControlledRun(queue, new ScriptedExecutor(_ => null));
        var finished = run.Start();
        await run.Executor.WaitForLaunch(2).Task.WaitAsync(Limit);
        var attempt = run.Executor.Running("a");

        await run.Scheduler.OverrideAsync("a", OverrideAction.Skip, null).WaitAsync(Limit);
        await run.Executor.WaitForLaunch(3).Task.WaitAsync(Limit);
        run.Executor.Complete(TaskAttemptResult.Success(attempt, 0, TimeSpan.FromSeconds(5)));
        await run.SettleAsync();

        Assert.Equal([(0, 1)], run.Executor.Cancelled);
        Assert.Empty(run.Journal.Events.OfType<TaskSucceeded>());
        Assert.Equal(TaskStatus.Skipped, run.Scheduler.State.Task("a").Status);
        Assert.Equal(2 * queue.Tasks[0].Resources.Cpu, run.Scheduler.State.AllocatedCpu, precision: 9); // b and other only
        run.Executor.Succeed("b");
        run.Executor.Succeed("other");
        Assert.Equal(RunStatus.Completed, (await finished.WaitAsync(Limit)).Status);
    }

    [Fact]
    public async Task OverrideAsync_UnknownTask_RefusedNamingTheNearestId()
    {
        var run = new ControlledRun(QueueOf(TaskDef("build-docs")), new ScriptedExecutor(_ => null));
        var finished = run.Start();
        await run.Executor.WaitForLaunch(1).Task.WaitAsync(Limit);

        var refused = await Assert.ThrowsAsync<ControlRefusedException>(() => run.Scheduler.OverrideAsync("build-doc", OverrideAction.Skip, null)).WaitAsync(Limit);

        Assert.Equal(ControlRefusal.UnknownTask, refused.Refusal);
        Assert.Contains("did you mean 'build-docs'?", refused.Message);
        await run.Scheduler.StopAsync(emergency: true, null).WaitAsync(Limit);
        await finished.WaitAsync(Limit);
    }

    [Theory]
    [InlineData("running", OverrideAction.Retry, "is running")]
    [InlineData("done", OverrideAction.Succeed, "already succeeded")]
    [InlineData("done", OverrideAction.Cancel, "already succeeded")]
    public async Task OverrideAsync_ImpossibleAction_RefusedAndNothingChanges(string taskId, OverrideAction action, string why)
    {
        var run = new ControlledRun(QueueOf(TaskDef("done"), TaskDef("running")), new ScriptedExecutor(l => l.Task.Id == "done" ? Exit(l, 0) : null));
        var finished = run.Start();
        await run.Recorder.WaitFor<TaskSucceeded>(s => s.TaskId == "done");
        var before = run.Journal.Count;

        var refused = await Assert.ThrowsAsync<ControlRefusedException>(() => run.Scheduler.OverrideAsync(taskId, action, null)).WaitAsync(Limit);

        Assert.Equal(ControlRefusal.Impossible, refused.Refusal);
        Assert.Contains(why, refused.Message);
        Assert.Equal(before, run.Journal.Count);
        run.Executor.Succeed("running");
        await finished.WaitAsync(Limit);
    }

    [Fact]
    public async Task OverrideAsync_AfterTheRunEnded_Refused()
    {
        var run = new ControlledRun(QueueOf(TaskDef("a")), new ScriptedExecutor());
        await run.Start().WaitAsync(Limit);

        var refused = await Assert.ThrowsAsync<ControlRefusedException>(() => run.Scheduler.OverrideAsync("a", OverrideAction.Retry, null)).WaitAsync(Limit);

        Assert.Contains("the run has ended", refused.Message);
    }

    [Fact]
    public async Task Replay_JournalOfOverriddenRun_GivesTheLiveState()
    {
        var run = await OverriddenMidRunAsync();

        RunStateSnapshot.AssertSame(run.Scheduler.State, run.Replay());
        await run.Scheduler.StopAsync(emergency: true, null).WaitAsync(Limit);
    }

    [Fact]
    public async Task Restore_CheckpointAfterOverrides_EqualsTheLiveState()
    {
        var run = await OverriddenMidRunAsync();
        var state = run.Replay();

        var document = CheckpointBuilder.Build(state, CheckpointContexts.Plain(1, run.Time.GetUtcNow()));
        var decoded = CheckpointCodec.Decode(CheckpointCodec.Encode(document));
        Assert.True(decoded.IsValid, decoded.ToString());
        var restored = RunState.Restore(state.Queue, decoded.Document!);

        RunStateSnapshot.AssertSame(state, restored);
        Assert.Equal((TaskStatus.Skipped, TaskStatus.Failed, TaskStatus.Blocked), (restored.Task("flaky").Status, restored.Task("obsolete").Status, restored.Task("needs-obsolete").Status));
        await run.Scheduler.StopAsync(emergency: true, null).WaitAsync(Limit);
    }

    /// <summary>A run mid-way with a skipped retry, a cancelled task and its blocked dependent, a retried failure whose dependent runs, and one running.</summary>
    private static async Task<ControlledRun> OverriddenMidRunAsync()
    {
        var queue = QueueOf(
            TaskDef("flaky") with { Retries = 3, RetryBackoff = TimeSpan.FromHours(1) }, TaskDef("after-flaky", "flaky"),
            TaskDef("obsolete"), TaskDef("needs-obsolete", "obsolete"), TaskDef("broken"), TaskDef("needs-broken", "broken"), TaskDef("slow"));
        var run = new ControlledRun(queue, new ScriptedExecutor(l => l.Task.Id switch
        {
            "flaky" => Exit(l, 75),
            "broken" => Exit(l, l.Attempt == 1 ? 1 : 0),
            "slow" or "obsolete" or "needs-broken" => null,
            _ => Exit(l, 0),
        }));
        _ = run.Start();
        await run.Recorder.WaitFor<TaskRetryScheduled>();
        await run.Recorder.WaitFor<TasksBlocked>(b => b.CauseTaskId == "broken");
        await run.Scheduler.OverrideAsync("flaky", OverrideAction.Skip, null).WaitAsync(Limit);
        await run.Scheduler.OverrideAsync("obsolete", OverrideAction.Cancel, null).WaitAsync(Limit);
        await run.Scheduler.OverrideAsync("broken", OverrideAction.Retry, null).WaitAsync(Limit);
        await run.Recorder.WaitFor<TaskStarted>(s => s.TaskId == "needs-broken");
        await run.Recorder.WaitFor<TaskSucceeded>(s => s.TaskId == "after-flaky");
        await run.SettleAsync();
        return run;
    }
}
