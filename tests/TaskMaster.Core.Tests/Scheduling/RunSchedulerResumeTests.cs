using Microsoft.Extensions.Time.Testing;
using TaskMaster.Core.Events;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using static TaskMaster.Core.Tests.TestQueues;

namespace TaskMaster.Core.Tests.Scheduling;

/// <summary>A run continued from the state a crash left (see <see cref="MidRun"/>), and a run that must not lose events.</summary>
public sealed class RunSchedulerResumeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly ObservedTimeProvider _time = new(MidRun.Start);
    private readonly EventRecorder _recorder = new();

    private RunScheduler Resume(MidRun crashed, ITaskExecutor executor)
    {
        var options = MidRun.Options();
        options.ResumedFrom = "checkpoints/latest.json";
        return new RunScheduler(crashed.Queue, options, executor, new InMemoryEventJournal(), [_recorder], _time, resumeFrom: crashed.Fold());
    }

    private RunScheduler Scheduler(QueueDefinition queue, ITaskExecutor executor, IEventJournal journal, bool autonomous = false) =>
        new(queue, new SchedulerOptions { RunId = "run-1", Concurrency = 2, CpuCapacity = 4, MemoryCapacity = 1L << 30, Autonomous = autonomous },
            executor, journal, [_recorder], _time);

    [Fact]
    public async Task RunAsync_ResumedWhileATaskRan_CancelsThatAttemptAndStartsTheNext()
    {
        var executor = new ScriptedExecutor(_ => null);
        var scheduler = Resume(await MidRun.RecordAsync(), executor);

        var run = scheduler.RunAsync();
        var launch = await executor.WaitForLaunch(1).Task.WaitAsync(Timeout);

        Assert.Equal(("build", 2), (launch.Task.Id, launch.Attempt));
        var cancelled = Assert.Single(_recorder.OfType<TaskCancelled>());
        Assert.Equal(("build", 1), (cancelled.TaskId, cancelled.Attempt));
        Assert.True(cancelled.Sequence < _recorder.OfType<TaskStarted>().Single(s => s.TaskId == "build").Sequence);
        scheduler.RequestStop("test over");
        await run.WaitAsync(Timeout);
    }

    [Fact]
    public async Task RunAsync_ResumedWithARetryDueLater_StartsItOnlyWhenTheClockReachesItsDueTime()
    {
        var crashed = await MidRun.RecordAsync();
        var due = crashed.Fold().Task("fetch").NextRetryAt!.Value;
        var executor = new ScriptedExecutor(_ => null);
        var scheduler = Resume(crashed, executor);

        var run = scheduler.RunAsync();
        await executor.WaitForLaunch(1).Task.WaitAsync(Timeout);
        // Every start of the first step is published before its first launch.
        Assert.DoesNotContain(_recorder.OfType<TaskStarted>(), s => s.TaskId == "fetch");
        _time.Advance(due - _time.GetUtcNow());
        var retry = await executor.WaitForLaunch(2).Task.WaitAsync(Timeout);

        Assert.Equal(("fetch", 2), (retry.Task.Id, retry.Attempt));
        Assert.True(due > MidRun.Start);
        scheduler.RequestStop("test over");
        await run.WaitAsync(Timeout);
    }

    [Fact]
    public async Task RunAsync_Resumed_NeverStartsAFinishedTaskAgain()
    {
        var crashed = await MidRun.RecordAsync();
        var due = crashed.Fold().Task("fetch").NextRetryAt!.Value;
        var executor = new ScriptedExecutor();
        var scheduler = Resume(crashed, executor);

        var run = scheduler.RunAsync();
        await executor.WaitForLaunch(2).Task.WaitAsync(Timeout); // build, then package
        _time.Advance(due - _time.GetUtcNow());
        var summary = await run.WaitAsync(Timeout);

        Assert.Equal(["build", "fetch", "package"], executor.Launches.Select(l => l.Task.Id).Order());
        Assert.Equal((5, 1, 2, RunStatus.Failed), (summary.Succeeded, summary.Failed, summary.Blocked, summary.Status));
    }

    [Fact]
    public async Task ReportCheckpointFailure_RunNotAutonomous_PausesIt()
    {
        var executor = new ScriptedExecutor(_ => null);
        var scheduler = Scheduler(QueueOf(TaskDef("t")), executor, new InMemoryEventJournal());
        var run = scheduler.RunAsync();
        await executor.WaitForLaunch(1).Task.WaitAsync(Timeout);

        scheduler.ReportCheckpointFailure(new CheckpointFailed(_time.GetUtcNow(), "interval", "No space left on device"));
        var paused = await _recorder.WaitFor<RunPaused>();

        Assert.False(paused.ByOperator);
        Assert.Contains("No space left on device", paused.Reason, StringComparison.Ordinal);
        scheduler.RequestStop("test over");
        await run.WaitAsync(Timeout);
    }

    [Fact]
    public async Task ReportCheckpointFailure_AutonomousRun_RecordsItAndGoesOn()
    {
        var executor = new ScriptedExecutor(_ => null);
        var scheduler = Scheduler(QueueOf(TaskDef("t")), executor, new InMemoryEventJournal(), autonomous: true);
        var run = scheduler.RunAsync();
        await executor.WaitForLaunch(1).Task.WaitAsync(Timeout);

        scheduler.ReportCheckpointFailure(new CheckpointFailed(_time.GetUtcNow(), "interval", "No space left on device"));
        await _recorder.WaitFor<CheckpointFailed>();
        executor.Succeed("t");
        var summary = await run.WaitAsync(Timeout);

        Assert.Empty(_recorder.OfType<RunPaused>());
        Assert.Equal(RunStatus.Completed, summary.Status);
    }

    [Theory]
    [InlineData("disk")]
    [InlineData("network")]
    [InlineData("timeout")]
    public async Task RunAsync_JournalCannotBeFlushed_StartsNothingUntilAFlushSucceeds(string fault)
    {
        var journal = new FailingEventJournal(failing: true, FailingEventJournal.Fault(fault));
        var executor = new ScriptedExecutor();
        var run = Scheduler(QueueOf(TaskDef("t")), executor, journal).RunAsync();

        for (var failures = 1; failures <= 2; failures++)
        {
            await _time.WaitForTimers(failures); // the flush failed and its retry is armed
            Assert.Empty(executor.Launches);
            Assert.Empty(_recorder.Events);
            if (failures < 2) _time.Advance(RunScheduler.JournalRetryDelay);
        }
        journal.Failing = false;
        _time.Advance(RunScheduler.JournalRetryDelay);
        var summary = await run.WaitAsync(Timeout);

        Assert.Equal(["t"], executor.Launches.Select(l => l.Task.Id));
        Assert.Equal(RunStatus.Completed, summary.Status);
        Assert.Equal(Enumerable.Range(1, journal.Durable.Count).Select(i => (long)i), journal.Durable.Select(e => e.Sequence));
    }

    [Theory]
    [InlineData("disk")]
    [InlineData("network")]
    [InlineData("timeout")]
    public async Task RunAsync_JournalFailsEveryTime_StopsAfterMaxFailuresWithoutStartingAnything(string fault)
    {
        var journal = new FailingEventJournal(failing: true, FailingEventJournal.Fault(fault));
        var executor = new ScriptedExecutor(_ => null);
        var scheduler = Scheduler(QueueOf(TaskDef("t")), executor, journal);
        var run = scheduler.RunAsync();

        for (var failures = 1; failures < RunScheduler.MaxJournalFailures; failures++)
        {
            await _time.WaitForTimers(failures);
            _time.Advance(RunScheduler.JournalRetryDelay);
        }
        var summary = await run.WaitAsync(Timeout);

        Assert.True(scheduler.JournalAbandoned);
        Assert.Equal(RunScheduler.MaxJournalFailures, journal.FailedFlushes);
        Assert.Empty(executor.Launches);
        Assert.Empty(journal.Durable);
        Assert.Equal(RunStatus.Interrupted, summary.Status);
        Assert.Contains("journal", summary.Reason, StringComparison.Ordinal);
    }
}
