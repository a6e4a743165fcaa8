using Microsoft.Extensions.Time.Testing;
using TaskMaster.Core.Events;
using TaskMaster.Core.Policies;
using TaskMaster.Core.ReadModel;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.Tests.Scheduling;
using static TaskMaster.Core.Tests.TestQueues;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Core.Tests.ReadModel;

public sealed class RunStatusModelTests
{
    private static TaskAttemptResult Fail(TaskLaunch launch, int code) =>
        TaskAttemptResult.Failure(launch, TaskFailureKind.ExitCode, $"exit code {code}", TimeSpan.FromSeconds(1), exitCode: code);

    private static TaskAttemptResult Succeed(TaskLaunch launch) => TaskAttemptResult.Success(launch, 0, TimeSpan.FromSeconds(2));

    /// <summary>The report as JSON, its time estimate left out (refreshed on its own schedule).</summary>
    private static string WithoutEta(RunStatusReport report) => RunStatusJson.Serialize(report with { EtaSeconds = null });

    [Fact]
    public void Snapshot_BeforeRunStarted_IsNull()
    {
        var model = new RunStatusModel(concurrency: 4, new FakeTimeProvider());

        Assert.Null(model.Snapshot(detailed: true));
    }

    [Fact]
    public async Task Snapshot_MidRun_CountsTasksByState()
    {
        var feed = await EventFeed.MidRunAsync();

        var report = feed.Snapshot();

        Assert.Equal(new TaskCounts(Total: 8, Pending: 1, Ready: 0, Running: 1, RetryWaiting: 1, Succeeded: 2, Failed: 1, Blocked: 2, Skipped: 0),
            report.TaskCounts);
        Assert.Equal(new ProgressFigures(Percent: 67.5, Finished: 5, Total: 8), report.Progress);
        Assert.Equal((RunPhase.Running, true, "run-mid"), (report.State, report.Live, report.RunId));
    }

    [Fact]
    public async Task Snapshot_MidRun_CurrentTasksHoldTheRunningAttempt()
    {
        var feed = await EventFeed.MidRunAsync();

        var running = Assert.Single(feed.Snapshot().CurrentTasks);

        Assert.Equal(new CurrentTask("build", "build", 40, "compiling", Attempt: 1, MaxAttempts: 1, MidRun.Start), running);
    }

    [Fact]
    public async Task Snapshot_MidRun_SameReportAsTheMapperOfItsState()
    {
        var feed = await EventFeed.MidRunAsync();

        var mapped = RunStatusMapper.Map(feed.State, live: true, detailed: true, feed.Time.GetUtcNow(), concurrency: 4);

        Assert.Equal(WithoutEta(mapped), WithoutEta(feed.Snapshot(detailed: true)));
    }

    [Fact]
    public async Task Snapshot_EventsPublishedAtTheEndOfEachStep_SameReportAsTheMapperOfTheSchedulersState()
    {
        await using var run = new StatusRun(Diamond(), l => l.Task.Id == "b" ? null : Succeed(l));
        await run.Recorder.WaitFor<TaskSucceeded>(s => s.TaskId == "c");
        await run.Recorder.WaitFor<TaskStarted>(s => s.TaskId == "b");

        // Nothing can happen until b ends: the scheduler's state is still.
        var mapped = RunStatusMapper.Map(run.Scheduler.State, live: true, detailed: true, run.Time.GetUtcNow(), StatusRun.Concurrency);

        Assert.Equal(WithoutEta(mapped), WithoutEta(run.Snapshot(detailed: true)));
    }

    [Fact]
    public async Task Snapshot_Detailed_ListsEveryTaskButPendingOnesWithTheirLastError()
    {
        var feed = await EventFeed.MidRunAsync();

        var tasks = feed.Snapshot(detailed: true).Tasks!;

        Assert.Equal(["setup", "build", "fetch", "lint", "report", "publish", "docs"], tasks.Select(t => t.Id));
        var lint = feed.State.Task("lint");
        Assert.Equal(new TaskDetail("lint", TaskStatus.Failed, 1, "exit code 1", null, lint.StartedAt, lint.AttemptEndedAt, lint.Duration!.Value.TotalSeconds),
            tasks.Single(t => t.Id == "lint"));
        Assert.Equal(new TaskDetail("report", TaskStatus.Blocked, 0, null, "lint", null, null, null), tasks.Single(t => t.Id == "report"));
        Assert.Equal(TaskStatus.RetryWaiting, tasks.Single(t => t.Id == "fetch").State);
    }

    [Fact]
    public async Task Snapshot_Detailed_RecentErrorsNewestFirst()
    {
        var feed = await EventFeed.MidRunAsync();
        var failures = feed.State.ErrorLog.OfType<TaskFailed>().Select(f => f.TaskId).Reverse().ToList();

        var errors = feed.Snapshot(detailed: true).RecentErrors!;

        Assert.Equal(failures, errors.Select(e => e.TaskId));
        Assert.Equal(ErrorKind.Transient, errors.Single(e => e.TaskId == "fetch").Kind);
        Assert.Equal(ErrorKind.Permanent, errors.Single(e => e.TaskId == "lint").Kind);
    }

    [Fact]
    public async Task Snapshot_NotDetailed_LeavesTasksAndErrorsOut()
    {
        var feed = await EventFeed.MidRunAsync();

        var report = feed.Snapshot(detailed: false);

        Assert.Null(report.Tasks);
        Assert.Null(report.RecentErrors);
    }

    [Fact]
    public async Task Snapshot_MoreErrorsThanTheLimit_KeepsTheNewest()
    {
        var queue = QueueOf(Enumerable.Range(0, RunStatusMapper.RecentErrorLimit + 5).Select(i => TaskDef($"t{i:00}")).ToArray());
        await using var run = new StatusRun(queue, l => Fail(l, 1));
        await run.Run.WaitAsync(TimeSpan.FromSeconds(10));
        var newest = run.Recorder.OfType<TaskFailed>().Last().TaskId;

        var errors = run.Snapshot(detailed: true).RecentErrors!;

        Assert.Equal(RunStatusMapper.RecentErrorLimit, errors.Count);
        Assert.Equal(newest, errors[0].TaskId);
    }

    [Fact]
    public async Task Snapshot_ResumedRun_StartsFromTheRestoredState()
    {
        var recorded = await MidRun.RecordAsync();
        var feed = new EventFeed(recorded.Queue);
        foreach (var e in recorded.Events) feed.State.Apply(e);

        feed.Feed(feed.Started() with { ResumedFrom = "checkpoint.json" });

        var mapped = RunStatusMapper.Map(feed.State, live: true, detailed: true, feed.Time.GetUtcNow(), concurrency: 4);
        Assert.Equal(WithoutEta(mapped), WithoutEta(feed.Snapshot(detailed: true)));
        Assert.Equal(2, feed.Snapshot(detailed: true).RecentErrors!.Count);
    }

    [Fact]
    public async Task Snapshot_TasksWithEstimates_HasEta()
    {
        var queue = QueueOf(TaskDef("a") with { Estimate = TimeSpan.FromSeconds(10) }, TaskDef("b", "a") with { Estimate = TimeSpan.FromSeconds(5) });
        await using var run = new StatusRun(queue, _ => null);
        await run.Recorder.WaitFor<TaskStarted>();

        Assert.Equal(15, run.Snapshot().EtaSeconds);
    }

    [Fact]
    public async Task Snapshot_NothingToEstimateWith_NoEta()
    {
        await using var run = new StatusRun(QueueOf(TaskDef("a")), _ => null);
        await run.Recorder.WaitFor<TaskStarted>();

        Assert.Null(run.Snapshot().EtaSeconds);
    }

    [Fact]
    public async Task Snapshot_EventWithinASecondOfTheLastEstimate_EtaCountsDownWithoutRecomputing()
    {
        await using var run = await TenSecondTaskHalfDoneAfter(TimeSpan.FromMilliseconds(500));

        // Recomputed, half done after 0.5 s would say 0.5 s more.
        Assert.Equal(9.5, run.Snapshot().EtaSeconds);
    }

    [Fact]
    public async Task Snapshot_EventASecondAfterTheLastEstimate_RecomputesEta()
    {
        await using var run = await TenSecondTaskHalfDoneAfter(TimeSpan.FromSeconds(1));

        // Half done after 1 s: 1 s more.
        Assert.Equal(1, run.Snapshot().EtaSeconds);
    }

    /// <summary>A task estimated at 10 s, started at once, that reports 50% after <paramref name="elapsed"/>.</summary>
    private static async Task<StatusRun> TenSecondTaskHalfDoneAfter(TimeSpan elapsed)
    {
        var run = new StatusRun(QueueOf(TaskDef("a") with { Estimate = TimeSpan.FromSeconds(10) }), _ => null);
        await run.Recorder.WaitFor<TaskStarted>();
        run.Time.Advance(elapsed);
        run.Executor.Progress("a", 50, null);
        await run.Recorder.WaitFor<TaskProgressed>();
        return run;
    }

    [Fact]
    public async Task Snapshot_RunCompleted_StateCompletedWithNothingLeft()
    {
        await using var run = new StatusRun(Diamond(), Succeed);
        await run.Run.WaitAsync(TimeSpan.FromSeconds(10));

        var report = run.Snapshot();

        Assert.Equal((RunPhase.Completed, 0.0, 100.0, 4), (report.State, report.EtaSeconds, report.Progress.Percent, report.TaskCounts.Succeeded));
        Assert.Empty(report.CurrentTasks);
    }

    [Fact]
    public async Task Snapshot_RunStopped_StateStoppedWithItsReason()
    {
        await using var run = new StatusRun(QueueOf(TaskDef("a")), _ => null);
        await run.Recorder.WaitFor<TaskStarted>();

        run.Scheduler.RequestStop("operator asked");
        await run.Run.WaitAsync(TimeSpan.FromSeconds(10));

        var report = run.Snapshot();
        Assert.Equal((RunPhase.Stopped, "operator asked", true, null), (report.State, report.StateReason, report.Live, report.EtaSeconds));
        Assert.Empty(report.CurrentTasks);
    }

    [Fact]
    public void Snapshot_Paused_StatePausedWithItsReason()
    {
        var feed = new EventFeed(QueueOf(TaskDef("a")));

        feed.Feed(feed.Started(), new RunPaused(EventFeed.T0, "waiting for an operator", ByOperator: false));

        var report = feed.Snapshot();
        Assert.Equal((RunPhase.Paused, "waiting for an operator"), (report.State, report.StateReason));
    }

    [Fact]
    public void Snapshot_OperatorActionAmongFourOutcomes_AutonomyScoreThreeQuarters()
    {
        var feed = new EventFeed(QueueOf(TaskDef("a"), TaskDef("b"), TaskDef("c"), TaskDef("d")));
        feed.Feed(feed.Started(), new RunPaused(EventFeed.T0, "operator", ByOperator: true), new RunResumed(EventFeed.T0, "policy", ByOperator: false));

        foreach (var id in new[] { "a", "b", "c", "d" })
            feed.Feed(new TaskStarted(EventFeed.T0, id, 1), new TaskSucceeded(EventFeed.T0, id, 1, 0, TimeSpan.FromSeconds(1)));

        Assert.Equal(0.75, feed.Snapshot().AutonomyScore);
    }
}
