using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using static TaskMaster.Core.Tests.Scheduling.ControlledRun;
using static TaskMaster.Core.Tests.TestQueues;

namespace TaskMaster.Core.Tests.Scheduling;

/// <summary>Pause, continue and stop, as an operator asks them of a running scheduler.</summary>
public sealed class RunSchedulerControlTests
{
    [Fact]
    public async Task PauseAsync_RunningRun_HoldsDispatchWhileRunningOnesFinish()
    {
        var run = new ControlledRun(QueueOf(TaskDef("t1"), TaskDef("t2")), new ScriptedExecutor(l => l.Task.Id == "t1" ? null : Exit(l, 0)), concurrency: 1);
        var finished = run.Start();
        await run.Executor.WaitForLaunch(1).Task.WaitAsync(Limit);

        var paused = await run.Scheduler.PauseAsync("disk maintenance").WaitAsync(Limit);
        run.Executor.Succeed("t1");
        await run.Recorder.WaitFor<TaskSucceeded>(s => s.TaskId == "t1");
        await run.SettleAsync();

        Assert.Equal(RunStatus.Paused, paused.State);
        Assert.Contains("1 attempt still running", paused.Message);
        Assert.Equal(run.Journal.Events.OfType<RunPaused>().Single().Sequence, paused.JournalPosition);
        Assert.Single(run.Executor.Launches);
        await run.Scheduler.ContinueAsync(null).WaitAsync(Limit);
        await finished.WaitAsync(Limit);
    }

    [Fact]
    public async Task PauseAsync_AlreadyPaused_ChangesNothing()
    {
        var run = new ControlledRun(QueueOf(TaskDef("t1")), new ScriptedExecutor(_ => null));
        var finished = run.Start();
        await run.Executor.WaitForLaunch(1).Task.WaitAsync(Limit);
        await run.Scheduler.PauseAsync("first").WaitAsync(Limit);

        var again = await run.Scheduler.PauseAsync("second").WaitAsync(Limit);

        Assert.Equal((RunStatus.Paused, 0L), (again.State, again.JournalPosition));
        Assert.Contains("already paused: first", again.Message);
        Assert.Single(run.Journal.Events.OfType<RunPaused>());
        run.Executor.Succeed("t1");
        await finished.WaitAsync(Limit);
    }

    [Fact]
    public async Task ContinueAsync_PausedByOperator_DispatchesAgain()
    {
        var run = new ControlledRun(QueueOf(TaskDef("t1"), TaskDef("t2", "t1")), new ScriptedExecutor(l => l.Task.Id == "t1" ? null : Exit(l, 0)));
        var finished = run.Start();
        await run.Executor.WaitForLaunch(1).Task.WaitAsync(Limit);
        await run.Scheduler.PauseAsync(null).WaitAsync(Limit);
        run.Executor.Succeed("t1");
        await run.Recorder.WaitFor<TaskSucceeded>(s => s.TaskId == "t1");

        var continued = await run.Scheduler.ContinueAsync("maintenance over").WaitAsync(Limit);
        var summary = await finished.WaitAsync(Limit);

        Assert.Equal(RunStatus.Running, continued.State);
        Assert.True(run.Journal.Events.OfType<RunResumed>().Single() is { ByOperator: true, Reason: "maintenance over" });
        Assert.Equal(["t1", "t2"], run.Executor.Launches.Select(l => l.Task.Id));
        Assert.Equal(RunStatus.Completed, summary.Status);
    }

    [Fact]
    public async Task ContinueAsync_PausedByPolicy_LiftsThePause()
    {
        var queue = QueueOf(TaskDef("deploy") with { Critical = true }, TaskDef("other"));
        var run = new ControlledRun(queue, new ScriptedExecutor(l => Exit(l, l.Task.Id == "deploy" ? 1 : 0)), autonomous: false, concurrency: 1);
        var finished = run.Start();
        await run.Recorder.WaitFor<RunPaused>(p => !p.ByOperator);

        var continued = await run.Scheduler.ContinueAsync(null).WaitAsync(Limit);
        var summary = await finished.WaitAsync(Limit);

        Assert.Contains("critical task 'deploy' failed", continued.Message);
        Assert.Contains(run.Executor.Launches, l => l.Task.Id == "other");
        Assert.Equal((1, 1), (summary.Failed, summary.Succeeded));
    }

    [Fact]
    public async Task ContinueAsync_NotPaused_ChangesNothing()
    {
        var run = new ControlledRun(QueueOf(TaskDef("t1")), new ScriptedExecutor(_ => null));
        var finished = run.Start();
        await run.Executor.WaitForLaunch(1).Task.WaitAsync(Limit);

        var outcome = await run.Scheduler.ContinueAsync(null).WaitAsync(Limit);

        Assert.Equal(0, outcome.JournalPosition);
        Assert.Empty(run.Journal.Events.OfType<RunResumed>());
        run.Executor.Succeed("t1");
        await finished.WaitAsync(Limit);
    }

    [Fact]
    public async Task StopAsync_NotEmergency_LetsRunningAttemptsFinishThenInterrupts()
    {
        var run = new ControlledRun(QueueOf(TaskDef("t1"), TaskDef("t2")), new ScriptedExecutor(_ => null), concurrency: 1);
        var finished = run.Start();
        await run.Executor.WaitForLaunch(1).Task.WaitAsync(Limit);

        var stopping = await run.Scheduler.StopAsync(emergency: false, "end of shift").WaitAsync(Limit);
        await run.SettleAsync();
        Assert.False(finished.IsCompleted);
        run.Executor.Succeed("t1");
        var summary = await finished.WaitAsync(Limit);

        Assert.Equal(RunStatus.Interrupted, stopping.State);
        Assert.Equal(run.Journal.Events.OfType<RunStopRequested>().Single().Sequence, stopping.JournalPosition);
        Assert.Empty(run.Journal.Events.OfType<TaskCancelled>());
        Assert.Single(run.Executor.Launches);
        Assert.Equal(RunStatus.Interrupted, summary.Status);
        Assert.Contains("end of shift", run.Journal.Events.OfType<RunInterrupted>().Single().Reason);
        Assert.True(run.Scheduler.StoppedByOperator);
    }

    [Fact]
    public async Task StopAsync_Emergency_KillsRunningAttemptsAtOnce()
    {
        var run = new ControlledRun(QueueOf(TaskDef("t1"), TaskDef("t2")), new ScriptedExecutor(_ => null));
        var finished = run.Start();
        await run.Executor.WaitForLaunch(2).Task.WaitAsync(Limit);

        await run.Scheduler.StopAsync(emergency: true, null).WaitAsync(Limit);
        var summary = await finished.WaitAsync(Limit);

        Assert.Equal(["t1", "t2"], run.Journal.Events.OfType<TaskCancelled>().Select(c => c.TaskId).Order());
        Assert.True(run.Journal.Events.OfType<RunStopRequested>().Single() is { Emergency: true, ByOperator: true });
        Assert.Equal(RunStatus.Interrupted, summary.Status);
        Assert.Equal(2, run.Scheduler.State.Count(TaskMaster.Core.State.TaskStatus.Ready));
    }

    [Fact]
    public async Task StopAsync_WhileStopping_RefusesContinueAndOverride()
    {
        var run = new ControlledRun(QueueOf(TaskDef("t1"), TaskDef("t2")), new ScriptedExecutor(_ => null), concurrency: 1);
        var finished = run.Start();
        await run.Executor.WaitForLaunch(1).Task.WaitAsync(Limit);
        await run.Scheduler.PauseAsync(null).WaitAsync(Limit);
        await run.Scheduler.StopAsync(emergency: false, null).WaitAsync(Limit);

        var continueRefused = await Assert.ThrowsAsync<ControlRefusedException>(() => run.Scheduler.ContinueAsync(null)).WaitAsync(Limit);
        var overrideRefused = await Assert.ThrowsAsync<ControlRefusedException>(() => run.Scheduler.OverrideAsync("t2", OverrideAction.Skip, null)).WaitAsync(Limit);
        run.Executor.Succeed("t1");
        await finished.WaitAsync(Limit);

        Assert.Contains("stopping", continueRefused.Message);
        Assert.Equal(ControlRefusal.Impossible, overrideRefused.Refusal);
    }

    [Fact]
    public async Task PauseAsync_AfterTheRunEnded_Refused()
    {
        var run = new ControlledRun(QueueOf(TaskDef("t1")), new ScriptedExecutor());
        await run.Start().WaitAsync(Limit);

        var refused = await Assert.ThrowsAsync<ControlRefusedException>(() => run.Scheduler.PauseAsync(null)).WaitAsync(Limit);

        Assert.Equal(ControlRefusal.Impossible, refused.Refusal);
        Assert.Contains("the run has ended (completed)", refused.Message);
    }

    [Fact]
    public async Task OperatorActions_EachCountAgainstTheAutonomyScore()
    {
        var queue = QueueOf(TaskDef("t1"), TaskDef("t2"), TaskDef("t3"), TaskDef("t4"));
        var run = new ControlledRun(queue, new ScriptedExecutor(l => l.Task.Id == "t1" ? null : Exit(l, 0)));
        var finished = run.Start();
        await run.Recorder.WaitFor<TaskSucceeded>(s => s.TaskId == "t4");

        await run.Scheduler.PauseAsync(null).WaitAsync(Limit);
        await run.Scheduler.ContinueAsync(null).WaitAsync(Limit);
        await run.Scheduler.OverrideAsync("t1", OverrideAction.Succeed, "verified by hand").WaitAsync(Limit);
        await finished.WaitAsync(Limit);

        Assert.Equal(3, run.Scheduler.State.OperatorActions);
        Assert.Equal(1 - 3 / 4.0, RunMetrics.AutonomyScore(run.Scheduler.State), precision: 9);
    }
}
