using Microsoft.Extensions.Time.Testing;
using TaskMaster.Core.Events;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using static TaskMaster.Core.Tests.TestQueues;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Core.Tests.Scheduling;

/// <summary>
/// Critical tasks: held until a checkpoint covers their start, and a failure for good rolls the run
/// back to that checkpoint, a bounded number of times.
/// </summary>
public sealed class RunSchedulerRollbackTests
{
    private const int MaxRollbacks = 2;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly EventRecorder _recorder = new();
    private readonly InMemoryEventJournal _journal = new();

    /// <summary>setup → deploy (critical) → notify; other is independent of them.</summary>
    private static QueueDefinition Deploy() =>
        QueueOf(TaskDef("setup"), TaskDef("deploy", "setup") with { Critical = true }, TaskDef("notify", "deploy"), TaskDef("other"));

    private RecordingCheckpointSource Checkpoints(QueueDefinition queue, bool answerAtOnce = true) =>
        new(queue, _journal, _time) { AnswerAtOnce = answerAtOnce };

    /// <param name="sourceObserves">The source also sees the events, and so checkpoints the state a critical task failed in.</param>
    private RunScheduler Scheduler(
        QueueDefinition queue, ITaskExecutor executor, RecordingCheckpointSource? checkpoints, bool autonomous = false, int concurrency = 2,
        bool sourceObserves = false)
    {
        var options = new SchedulerOptions
        {
            RunId = "run-1", Concurrency = concurrency, CpuCapacity = 64, MemoryCapacity = 1L << 40,
            Autonomous = autonomous, MaxRollbacksPerTask = MaxRollbacks,
        };
        IRunObserver[] observers = sourceObserves ? [_recorder, checkpoints!] : [_recorder];
        var scheduler = new RunScheduler(queue, options, executor, _journal, observers, _time, checkpoints: checkpoints);
        if (checkpoints is not null) checkpoints.Scheduler = scheduler;
        return scheduler;
    }

    private static TaskAttemptResult Exit(TaskLaunch launch, int code) => code == 0
        ? TaskAttemptResult.Success(launch, 0, TimeSpan.FromSeconds(1))
        : TaskAttemptResult.Failure(launch, TaskFailureKind.ExitCode, $"exit code {code}", TimeSpan.FromSeconds(1), exitCode: code);

    /// <summary>setup and notify succeed, deploy fails every time, other runs until the test ends it.</summary>
    private static ScriptedExecutor DeployAlwaysFails() => new(l => l.Task.Id switch
    {
        "deploy" => Exit(l, 1),
        "other" => null,
        _ => Exit(l, 0),
    });

    private TaskStarted Started(string taskId, int attempt = 1) =>
        _recorder.OfType<TaskStarted>().Single(s => s.TaskId == taskId && s.Attempt == attempt);

    private CheckpointTaken Recorded(CheckpointTaken reported) =>
        _recorder.OfType<CheckpointTaken>().Single(c => c.CheckpointSequence == reported.CheckpointSequence);

    private static async Task StopAsync(RunScheduler scheduler, Task<RunSummary> run)
    {
        scheduler.RequestStop("test over");
        await run.WaitAsync(Timeout);
    }

    /// <summary>
    /// An autonomous run of <see cref="Deploy"/> once deploy is held: setup has succeeded, other runs, and the
    /// checkpoint deploy waits for is requested but not answered. A step publishes its events before it asks,
    /// so a start of deploy in that step would already be recorded.
    /// </summary>
    private async Task<(RunScheduler Scheduler, ScriptedExecutor Executor, RecordingCheckpointSource Checkpoints, Task<RunSummary> Run)> StartWithDeployHeldAsync()
    {
        var checkpoints = Checkpoints(Deploy(), answerAtOnce: false);
        var executor = new ScriptedExecutor(l => l.Task.Id == "setup" ? Exit(l, 0) : null);
        var scheduler = Scheduler(Deploy(), executor, checkpoints, autonomous: true);
        var run = scheduler.RunAsync();
        await checkpoints.WaitForRequest(1);
        return (scheduler, executor, checkpoints, run);
    }

    /// <summary>The autonomous run of <see cref="Deploy"/> with <see cref="DeployAlwaysFails"/>, until deploy gives up and other ends.</summary>
    private async Task<(ScriptedExecutor Executor, RunSummary Summary)> RunUntilDeployGivesUpAsync()
    {
        var executor = DeployAlwaysFails();
        var scheduler = Scheduler(Deploy(), executor, Checkpoints(Deploy()), autonomous: true);
        var run = scheduler.RunAsync();
        await _recorder.WaitFor<TasksBlocked>();
        executor.Succeed("other");
        return (executor, await run.WaitAsync(Timeout));
    }

    [Fact]
    public async Task RunAsync_CriticalTaskReady_StartsOnlyAfterTheRequestedCheckpointIsReported()
    {
        var (scheduler, executor, checkpoints, run) = await StartWithDeployHeldAsync();

        var taken = checkpoints.ReportNext();
        var launch = await executor.WaitForLaunch(3).Task.WaitAsync(Timeout);

        Assert.Equal(["before-critical"], checkpoints.Requests);
        Assert.Equal("deploy", launch.Task.Id);
        Assert.True(Started("deploy").Sequence > Recorded(taken).Sequence);
        await StopAsync(scheduler, run);
    }

    [Fact]
    public async Task ReportCheckpoint_TakenBeforeTheCriticalTaskWasReady_DoesNotReleaseIt()
    {
        var (scheduler, executor, checkpoints, run) = await StartWithDeployHeldAsync();

        // An older checkpoint (of the run's start) comes first; once it is recorded, its step has dispatched.
        scheduler.ReportCheckpoint(new CheckpointTaken(_time.GetUtcNow(), 99, "interval", "memory://checkpoints/old.json", null, JournalPosition: 1));
        await _recorder.WaitFor<CheckpointTaken>(c => c.CheckpointSequence == 99);
        var covering = checkpoints.ReportNext();
        await executor.WaitForLaunch(3).Task.WaitAsync(Timeout);

        Assert.True(Started("deploy").Sequence > Recorded(covering).Sequence);
        await StopAsync(scheduler, run);
    }

    [Fact]
    public async Task ReportCheckpointFailure_CriticalTaskHeld_StartsItAnyway()
    {
        var (scheduler, executor, checkpoints, run) = await StartWithDeployHeldAsync();

        checkpoints.FailNext("No space left on device");
        var launch = await executor.WaitForLaunch(3).Task.WaitAsync(Timeout);

        Assert.Equal("deploy", launch.Task.Id);
        Assert.True(Started("deploy").Sequence > _recorder.OfType<CheckpointFailed>().Single().Sequence);
        Assert.Empty(_recorder.OfType<CheckpointTaken>());
        await StopAsync(scheduler, run);
    }

    [Fact]
    public async Task RunAsync_CriticalTaskRetryComesDue_RequestsACheckpointAndStartsItOnceReported()
    {
        var queue = QueueOf(TaskDef("deploy") with { Critical = true, Retries = 1, RetryBackoff = TimeSpan.FromSeconds(30) });
        var executor = new ScriptedExecutor(l => l.Attempt == 1
            ? TaskAttemptResult.Failure(l, TaskFailureKind.Timeout, "timed out", TimeSpan.FromSeconds(1))
            : null);
        var checkpoints = Checkpoints(queue);
        var scheduler = Scheduler(queue, executor, checkpoints, autonomous: true);
        var run = scheduler.RunAsync();
        var retry = await _recorder.WaitFor<TaskRetryScheduled>();

        // The timer's message changes nothing by itself: the step that holds the retry has no event of its own.
        _time.Advance(retry.Delay);
        var launch = await executor.WaitForLaunch(2).Task.WaitAsync(Timeout);

        Assert.Equal(2, launch.Attempt);
        Assert.Equal(["before-critical", "before-critical"], checkpoints.Requests);
        Assert.True(Started("deploy", 2).Sequence > _recorder.OfType<CheckpointTaken>().Single(c => c.CheckpointSequence == 2).Sequence);
        await StopAsync(scheduler, run);
    }

    [Fact]
    public async Task RunAsync_HeldCriticalTaskSetBackToPendingByARollback_IsHeldAgainWhenReady()
    {
        // build runs; deploy (critical) starts first; then publish (critical, after build) is held when build ends.
        var queue = QueueOf(TaskDef("build"), TaskDef("deploy") with { Critical = true }, TaskDef("publish", "build") with { Critical = true });
        var checkpoints = Checkpoints(queue, answerAtOnce: false);
        var executor = new ScriptedExecutor(_ => null);
        var scheduler = Scheduler(queue, executor, checkpoints, autonomous: true, concurrency: 3);
        var run = scheduler.RunAsync();
        await checkpoints.WaitForRequest(1);
        checkpoints.ReportNext();
        await executor.WaitForLaunch(2).Task.WaitAsync(Timeout);
        executor.Succeed("build");
        await checkpoints.WaitForRequest(2);
        // deploy fails: back to checkpoint #1, where build ran and publish waited for it.
        executor.Complete(Exit(executor.Running("deploy"), 1));
        await checkpoints.WaitForRequest(3);
        checkpoints.ReportNext(); // publish's, now out of date
        checkpoints.ReportNext(); // deploy's again
        await executor.WaitForLaunch(4).Task.WaitAsync(Timeout);

        executor.Succeed("build");
        await checkpoints.WaitForRequest(4);

        Assert.Equal(TaskStatus.Pending, _recorder.OfType<RunRolledBack>().Single().Resets.Single(r => r.TaskId == "publish").Status);
        Assert.DoesNotContain(_recorder.OfType<TaskStarted>(), s => s.TaskId == "publish");
        await StopAsync(scheduler, run);
    }

    [Fact]
    public async Task RunAsync_RolledBackThenItsCheckpointFails_RollsBackAgainToACheckpointOfTheRunAsItIsNow()
    {
        var checkpoints = Checkpoints(Deploy(), answerAtOnce: false);
        var scheduler = Scheduler(Deploy(), DeployAlwaysFails(), checkpoints, autonomous: true, sourceObserves: true);
        var run = scheduler.RunAsync();
        await checkpoints.WaitForRequest(1);
        checkpoints.ReportNext();
        var first = await _recorder.WaitFor<RunRolledBack>();
        await checkpoints.WaitForRequest(2);

        // The failure-time checkpoint is older than deploy's second attempt, but it shows a run the rollback left.
        checkpoints.FailNext("No space left on device");
        var second = await _recorder.WaitFor<RunRolledBack>(r => r.Sequence > first.Sequence);

        Assert.Contains(_recorder.OfType<CheckpointTaken>(), c => c.Reason == "rollback" && c.JournalPosition < Started("deploy", 2).Sequence);
        Assert.Equal(first.CheckpointSequence, second.CheckpointSequence);
        Assert.Equal(TaskStatus.Ready, second.Resets.Single(r => r.TaskId == "deploy").Status);
        await StopAsync(scheduler, run);
    }

    [Fact]
    public async Task RunAsync_CheckpointTakenDuringARolledBackAttempt_IsNotTheTargetOfALaterRollback()
    {
        var checkpoints = Checkpoints(Deploy(), answerAtOnce: false);
        var executor = new ScriptedExecutor(l => (l.Task.Id, l.Attempt) switch
        {
            ("setup", _) => Exit(l, 0),
            ("deploy", > 1) => Exit(l, 1),
            _ => null,
        });
        var scheduler = Scheduler(Deploy(), executor, checkpoints, autonomous: true);
        var run = scheduler.RunAsync();
        await checkpoints.WaitForRequest(1);
        var beforeDeploy = checkpoints.ReportNext();
        await executor.WaitForLaunch(3).Task.WaitAsync(Timeout);
        checkpoints.RequestCheckpoint("interval"); // while deploy runs; the scheduler waits, so the journal is quiet
        var duringDeploy = checkpoints.ReportNext();
        await _recorder.WaitFor<CheckpointTaken>(c => c.CheckpointSequence == duringDeploy.CheckpointSequence);
        executor.Complete(Exit(executor.Running("deploy"), 1));
        var first = await _recorder.WaitFor<RunRolledBack>();
        await checkpoints.WaitForRequest(3);

        checkpoints.FailNext("No space left on device");
        var second = await _recorder.WaitFor<RunRolledBack>(r => r.Sequence > first.Sequence);

        Assert.True(duringDeploy.JournalPosition < Started("deploy", 2).Sequence);
        Assert.Equal([beforeDeploy.CheckpointSequence, beforeDeploy.CheckpointSequence], new[] { first, second }.Select(r => r.CheckpointSequence));
        await StopAsync(scheduler, run);
    }

    [Fact]
    public async Task RunAsync_CriticalTaskAlwaysFailsInAutonomousMode_RollsBackMaxRollbacksTimesThenFailsForGood()
    {
        var (_, summary) = await RunUntilDeployGivesUpAsync();

        var rollbacks = _recorder.OfType<RunRolledBack>().ToList();
        Assert.Equal(MaxRollbacks, rollbacks.Count);
        Assert.All(rollbacks, r => Assert.Equal("deploy", r.CauseTaskId));
        var lastFailure = _recorder.OfType<TaskFailed>().Last(f => f.TaskId == "deploy");
        Assert.Equal((MaxRollbacks + 1, false), (lastFailure.Attempt, lastFailure.WillRetry));
        var blocked = _recorder.OfType<TasksBlocked>().Single();
        Assert.Equal("deploy", blocked.CauseTaskId);
        Assert.Equal(["notify"], blocked.TaskIds);
        Assert.True(blocked.Sequence > rollbacks[^1].Sequence);
        Assert.Equal(RunStatus.Failed, summary.Status);
    }

    [Fact]
    public async Task RunAsync_CriticalTaskRolledBack_AttemptNumbersGoOn()
    {
        var (executor, _) = await RunUntilDeployGivesUpAsync();

        Assert.Equal([1, 2, 3], executor.Launches.Where(l => l.Task.Id == "deploy").Select(l => l.Attempt));
    }

    [Fact]
    public async Task RunAsync_CriticalTaskRolledBack_GoesBackToTheCheckpointTakenJustBeforeThatAttempt()
    {
        await RunUntilDeployGivesUpAsync();

        // Checkpoint #n is the one requested before attempt n: newer than attempt n-1, older than attempt n.
        var rollbacks = _recorder.OfType<RunRolledBack>().ToList();
        Assert.Equal([1, 2], rollbacks.Select(r => r.CheckpointSequence));
        for (var attempt = 1; attempt <= MaxRollbacks; attempt++)
        {
            var position = rollbacks[attempt - 1].JournalPosition;
            Assert.InRange(position, attempt == 1 ? 1 : Started("deploy", attempt - 1).Sequence + 1, Started("deploy", attempt).Sequence - 1);
        }
    }

    [Fact]
    public async Task RunAsync_CriticalTaskRolledBack_DoesNotRunATaskDoneBeforeTheCheckpointAgain()
    {
        var (executor, _) = await RunUntilDeployGivesUpAsync();

        Assert.Single(executor.Launches, l => l.Task.Id == "setup");
        Assert.DoesNotContain(_recorder.OfType<RunRolledBack>().SelectMany(r => r.Resets), r => r.TaskId == "setup");
    }

    [Fact]
    public async Task RunAsync_CriticalTaskRolledBack_CancelsAnIndependentRunningTaskAndRunsItAgain()
    {
        var (executor, summary) = await RunUntilDeployGivesUpAsync();

        Assert.Equal([1, 2], _recorder.OfType<TaskCancelled>().Where(c => c.TaskId == "other").Select(c => c.Attempt));
        Assert.Equal([1, 2, 3], executor.Launches.Where(l => l.Task.Id == "other").Select(l => l.Attempt));
        Assert.Equal(2, summary.Succeeded); // setup, and other's last attempt
    }

    [Fact]
    public async Task RunAsync_CheckpointsPrimaryCopyDamaged_RollsBackFromTheMirrorAndNamesIt()
    {
        var checkpoints = new RecordingCheckpointSource(Deploy(), _journal, _time) { PrimaryCopiesDamaged = true };
        var scheduler = Scheduler(Deploy(), DeployAlwaysFails(), checkpoints);
        var run = scheduler.RunAsync();

        // The state files a rollback restores are read from the checkpoint the event names.
        var rolledBack = await _recorder.WaitFor<RunRolledBack>();
        await StopAsync(scheduler, run);

        var target = _recorder.OfType<CheckpointTaken>().Single(c => c.CheckpointSequence == rolledBack.CheckpointSequence);
        Assert.Equal(target.MirrorLocation, rolledBack.CheckpointLocation);
    }

    [Fact]
    public async Task RunAsync_RollbackCheckpointReadIsSlow_LoopAnswersControlCallsUntilItArrives()
    {
        var checkpoints = Checkpoints(Deploy());
        checkpoints.HoldReads = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scheduler = Scheduler(Deploy(), DeployAlwaysFails(), checkpoints);
        var run = scheduler.RunAsync();
        // Cancelling the independent task is the rollback's last wait: its checkpoint is being read from then on.
        await _recorder.WaitFor<TaskCancelled>(c => c.TaskId == "other").WaitAsync(Timeout);

        var paused = await scheduler.PauseAsync("while the checkpoint is read").WaitAsync(Timeout);

        Assert.Equal(RunStatus.Paused, paused.State);
        Assert.Empty(_recorder.OfType<RunRolledBack>());
        checkpoints.HoldReads.SetResult();
        var rolledBack = await _recorder.WaitFor<RunRolledBack>().WaitAsync(Timeout);
        Assert.Equal("deploy", rolledBack.CauseTaskId);
        await StopAsync(scheduler, run);
    }

    [Fact]
    public async Task RunAsync_SupervisedCriticalTaskFailsForGood_PausesNamingTheTaskAndTheCheckpoint()
    {
        var scheduler = Scheduler(Deploy(), DeployAlwaysFails(), Checkpoints(Deploy()));
        var run = scheduler.RunAsync();

        var paused = await _recorder.WaitFor<RunPaused>();

        var rolledBack = _recorder.OfType<RunRolledBack>().Single();
        Assert.True(paused.Sequence > rolledBack.Sequence);
        Assert.False(paused.ByOperator);
        Assert.Contains("'deploy'", paused.Reason, StringComparison.Ordinal);
        Assert.Contains($"checkpoint #{rolledBack.CheckpointSequence}", paused.Reason, StringComparison.Ordinal);
        await StopAsync(scheduler, run);
    }

    [Fact]
    public async Task RunAsync_SupervisedCriticalTaskRolledBack_StartsNothingNew()
    {
        var executor = DeployAlwaysFails();
        var scheduler = Scheduler(Deploy(), executor, Checkpoints(Deploy()));
        var run = scheduler.RunAsync();

        // Published only after the rollback's step dispatched: whatever that step started is in the journal.
        var paused = await _recorder.WaitFor<RunPaused>();
        await StopAsync(scheduler, run);

        Assert.True(paused.Sequence > _recorder.OfType<RunRolledBack>().Single().Sequence);
        Assert.DoesNotContain(_recorder.OfType<TaskStarted>(), s => s.Sequence > paused.Sequence);
        Assert.Equal(RunStatus.Interrupted, scheduler.State.Status);
    }

    [Fact]
    public async Task RunAsync_NoCheckpointSource_CriticalFailureBlocksDependentsWithoutRollingBack()
    {
        var executor = new ScriptedExecutor(l => Exit(l, l.Task.Id == "deploy" ? 1 : 0));

        var summary = await Scheduler(Deploy(), executor, checkpoints: null, autonomous: true).RunAsync().WaitAsync(Timeout);

        Assert.Empty(_recorder.OfType<RunRolledBack>());
        Assert.Single(executor.Launches, l => l.Task.Id == "deploy");
        Assert.Equal(["notify"], _recorder.OfType<TasksBlocked>().Single().TaskIds);
        Assert.Equal((RunStatus.Failed, 1, 1), (summary.Status, summary.Failed, summary.Blocked));
    }

    [Fact]
    public async Task RunAsync_NoCheckpointSourceSupervised_CriticalFailurePausesForAnOperator()
    {
        var executor = new ScriptedExecutor(l => Exit(l, l.Task.Id == "deploy" ? 1 : 0));
        var scheduler = Scheduler(Deploy(), executor, checkpoints: null);
        var run = scheduler.RunAsync();

        var paused = await _recorder.WaitFor<RunPaused>();
        await StopAsync(scheduler, run);

        Assert.Equal("critical task 'deploy' failed: exit code 1; waiting for an operator", paused.Reason);
        Assert.Equal(["notify"], _recorder.OfType<TasksBlocked>().Single().TaskIds);
        Assert.Empty(_recorder.OfType<RunRolledBack>());
    }
}
