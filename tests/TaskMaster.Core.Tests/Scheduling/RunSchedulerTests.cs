using Microsoft.Extensions.Time.Testing;
using TaskMaster.Core.Events;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using static TaskMaster.Core.Tests.TestQueues;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Core.Tests.Scheduling;

public sealed class RunSchedulerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly EventRecorder _recorder = new();
    private readonly InMemoryEventJournal _journal = new();

    private RunScheduler Scheduler(QueueDefinition queue, ITaskExecutor executor, Action<SchedulerOptions>? configure = null)
    {
        var options = new SchedulerOptions { RunId = "run-1", Concurrency = 4, CpuCapacity = 64, MemoryCapacity = 1L << 40 };
        configure?.Invoke(options);
        return new RunScheduler(queue, options, executor, _journal, [_recorder], _time);
    }

    private static TaskAttemptResult Exit(TaskLaunch launch, int code) => code == 0
        ? TaskAttemptResult.Success(launch, 0, TimeSpan.FromSeconds(1))
        : TaskAttemptResult.Failure(launch, TaskFailureKind.ExitCode, $"exit code {code}", TimeSpan.FromSeconds(1), exitCode: code);

    [Fact]
    public async Task RunAsync_Diamond_StartsEachTaskAfterItsDependencies()
    {
        var executor = new ScriptedExecutor();

        var summary = await Scheduler(Diamond(), executor).RunAsync().WaitAsync(Timeout);

        var order = executor.Launches.Select(l => l.Task.Id).ToList();
        Assert.Equal("a", order[0]);
        Assert.Equal(["b", "c"], order[1..3].Order());
        Assert.Equal("d", order[3]);
        Assert.Equal(RunStatus.Completed, summary.Status);
        Assert.Equal(4, summary.Succeeded);
    }

    [Fact]
    public async Task RunAsync_ConcurrencyLimit_NeverExceeded()
    {
        var queue = QueueOf(Enumerable.Range(0, 10).Select(i => TaskDef($"t{i}")).ToArray());
        var executor = new ScriptedExecutor(_ => null);
        var run = Scheduler(queue, executor, o => o.Concurrency = 3).RunAsync();

        for (var n = 1; n <= 10; n++)
        {
            var launch = await executor.WaitForLaunch(n).Task.WaitAsync(Timeout);
            if (n >= 3) executor.Succeed(executor.Launches[n - 3].Task.Id);
        }
        executor.Succeed("t8");
        executor.Succeed("t9");
        await run.WaitAsync(Timeout);

        Assert.Equal(3, executor.MaxConcurrent);
        Assert.Equal(10, executor.Launches.Count);
    }

    [Fact]
    public async Task RunAsync_TransientFailure_RetriesAfterBackoffThenSucceeds()
    {
        var queue = QueueOf(TaskDef("flaky") with { Retries = 2, RetryBackoff = TimeSpan.FromSeconds(10) });
        var executor = new ScriptedExecutor(l => Exit(l, l.Attempt == 1 ? 75 : 0));
        var run = Scheduler(queue, executor).RunAsync();

        var scheduled = await _recorder.WaitFor<TaskRetryScheduled>();
        Assert.Single(executor.Launches); // the fake clock has not moved: no second attempt yet
        Assert.True(scheduled.Delay > TimeSpan.Zero);
        _time.Advance(scheduled.Delay);
        var summary = await run.WaitAsync(Timeout);

        Assert.Equal([1, 2], executor.Launches.Select(l => l.Attempt));
        var failed = Assert.Single(_recorder.OfType<TaskFailed>());
        Assert.Equal(TaskFailureClass.Transient, failed.Class);
        Assert.True(failed.WillRetry);
        Assert.Equal(RunStatus.Completed, summary.Status);
    }

    [Fact]
    public async Task RunAsync_TransientFailureEveryTime_GivesUpAfterRetries()
    {
        var queue = QueueOf(TaskDef("doomed") with { Retries = 2, RetryBackoff = TimeSpan.Zero });
        var executor = new ScriptedExecutor(l => Exit(l, 75));

        var summary = await Scheduler(queue, executor).RunAsync().WaitAsync(Timeout);

        Assert.Equal(3, executor.Launches.Count);
        Assert.Equal([true, true, false], _recorder.OfType<TaskFailed>().Select(f => f.WillRetry));
        Assert.Equal(1, summary.Failed);
    }

    [Fact]
    public async Task RunAsync_PermanentFailure_BlocksOnlyDependents()
    {
        var queue = QueueOf(TaskDef("a"), TaskDef("b", "a"), TaskDef("c", "b"), TaskDef("x"), TaskDef("y", "x"));
        var executor = new ScriptedExecutor(l => Exit(l, l.Task.Id == "a" ? 1 : 0));

        var summary = await Scheduler(queue, executor).RunAsync().WaitAsync(Timeout);

        var state = _recorder.Events.Count; // events were published
        Assert.True(state > 0);
        var blocked = Assert.Single(_recorder.OfType<TasksBlocked>());
        Assert.Equal("a", blocked.CauseTaskId);
        Assert.Equal(["b", "c"], blocked.TaskIds);
        Assert.Equal(["a", "x", "y"], executor.Launches.Select(l => l.Task.Id).Order());
        Assert.Equal((1, 2, 2, RunStatus.Failed), (summary.Failed, summary.Blocked, summary.Succeeded, summary.Status));
        Assert.Equal(TaskFailureClass.Permanent, _recorder.OfType<TaskFailed>().Single().Class);
    }

    [Fact]
    public async Task RunAsync_TasksNeedingMoreThanFree_WaitForResources()
    {
        var big = ResourceRequest.Default with { Cpu = 2 };
        var queue = QueueOf(TaskDef("a") with { Resources = big }, TaskDef("b") with { Resources = big }, TaskDef("c") with { Resources = big });
        var executor = new ScriptedExecutor(_ => null);
        var run = Scheduler(queue, executor, o => { o.Concurrency = 10; o.CpuCapacity = 3; }).RunAsync();

        for (var n = 1; n <= 3; n++)
        {
            var launch = await executor.WaitForLaunch(n).Task.WaitAsync(Timeout);
            executor.Succeed(launch.Task.Id);
        }
        await run.WaitAsync(Timeout);

        Assert.Equal(1, executor.MaxConcurrent);
    }

    [Fact]
    public async Task RunAsync_BigTaskWaiting_SmallerTasksBackfill()
    {
        var queue = QueueOf(
            TaskDef("hog") with { Resources = new ResourceRequest(2, 0) },
            TaskDef("big") with { Resources = new ResourceRequest(2, 0) },
            TaskDef("small") with { Resources = new ResourceRequest(1, 0) });
        var executor = new ScriptedExecutor(_ => null);
        var run = Scheduler(queue, executor, o => o.CpuCapacity = 3).RunAsync();

        await executor.WaitForLaunch(2).Task.WaitAsync(Timeout);
        Assert.Equal(["hog", "small"], executor.Launches.Select(l => l.Task.Id));
        executor.Succeed("hog");
        await executor.WaitForLaunch(3).Task.WaitAsync(Timeout);
        executor.Succeed("small");
        executor.Succeed("big");
        await run.WaitAsync(Timeout);
    }

    [Fact]
    public void Constructor_TaskNeedsMoreThanCapacity_RefusesWithTaskAndSetting()
    {
        var queue = QueueOf(TaskDef("huge") with { Resources = new ResourceRequest(8, 0) });

        var error = Assert.Throws<ArgumentException>(() => { Scheduler(queue, new ScriptedExecutor(), o => o.CpuCapacity = 2); });

        Assert.Contains("'huge'", error.Message);
        Assert.Contains("--cpus", error.Message);
    }

    [Fact]
    public async Task RunAsync_StatusDone_SkippedAndReleasesDependents()
    {
        var queue = QueueOf(TaskDef("setup") with { AlreadyDone = true }, TaskDef("work", "setup"));
        var executor = new ScriptedExecutor();

        var summary = await Scheduler(queue, executor).RunAsync().WaitAsync(Timeout);

        Assert.Equal(["work"], executor.Launches.Select(l => l.Task.Id));
        Assert.Equal((1, 1, RunStatus.Completed), (summary.Skipped, summary.Succeeded, summary.Status));
    }

    [Fact]
    public async Task RequestStop_WhileTasksRun_CancelsThemAndKeepsThemToRunAgain()
    {
        var queue = QueueOf(TaskDef("a"), TaskDef("b"), TaskDef("c", "a"));
        var executor = new ScriptedExecutor(_ => null);
        var scheduler = Scheduler(queue, executor);
        var run = scheduler.RunAsync();
        await executor.WaitForLaunch(2).Task.WaitAsync(Timeout);

        scheduler.RequestStop("SIGINT", 2);
        var summary = await run.WaitAsync(Timeout);

        Assert.Equal(RunStatus.Interrupted, summary.Status);
        Assert.Equal(2, _recorder.OfType<TaskCancelled>().Count());
        Assert.Equal(2, scheduler.State.Count(TaskStatus.Ready));
        Assert.Equal(3, summary.Unfinished);
        Assert.Equal(2, _recorder.OfType<RunInterrupted>().Single().Signal);
    }

    [Fact]
    public async Task RunAsync_CriticalTaskFailsWithoutAutonomy_PausesForOperator()
    {
        var queue = QueueOf(TaskDef("deploy") with { Critical = true }, TaskDef("other"), TaskDef("later", "other"));
        var executor = new ScriptedExecutor(l => l.Task.Id == "other" ? null : Exit(l, 1));
        var scheduler = Scheduler(queue, executor, o => o.Concurrency = 2);
        var run = scheduler.RunAsync();

        var paused = await _recorder.WaitFor<RunPaused>();
        await executor.WaitForLaunch(2).Task.WaitAsync(Timeout);
        executor.Succeed("other");
        await _recorder.WaitFor<TaskSucceeded>(s => s.TaskId == "other");
        scheduler.RequestStop("operator gave up");
        var summary = await run.WaitAsync(Timeout);

        Assert.Contains("deploy", paused.Reason);
        Assert.DoesNotContain(executor.Launches, l => l.Task.Id == "later"); // nothing new started while paused
        Assert.Equal(RunStatus.Interrupted, summary.Status);
    }

    [Fact]
    public async Task RunAsync_CriticalTaskFailsInAutonomousMode_DecidesByPolicyWithoutPausing()
    {
        var queue = QueueOf(TaskDef("deploy") with { Critical = true }, TaskDef("after", "deploy"), TaskDef("other"));
        var executor = new ScriptedExecutor(l => Exit(l, l.Task.Id == "deploy" ? 1 : 0));

        var summary = await Scheduler(queue, executor, o => o.Autonomous = true).RunAsync().WaitAsync(Timeout);

        Assert.Empty(_recorder.OfType<RunPaused>());
        Assert.Equal((1, 1, 1), (summary.Failed, summary.Blocked, summary.Succeeded));
    }

    [Fact]
    public async Task RunAsync_ExecutorFault_ClassifiedCriticalAndRetriedWithoutSpendingRetries()
    {
        var queue = QueueOf(TaskDef("t") with { Retries = 0 });
        var executor = new ScriptedExecutor(l => l.Attempt == 1
            ? TaskAttemptResult.Failure(l, TaskFailureKind.ExecutorError, "No space left on device", TimeSpan.Zero)
            : Exit(l, 0));
        var run = Scheduler(queue, executor, o => { o.Autonomous = true; o.ExecutorFaultCooldown = TimeSpan.FromSeconds(5); }).RunAsync();

        var scheduled = await _recorder.WaitFor<TaskRetryScheduled>();
        _time.Advance(scheduled.Delay);
        var summary = await run.WaitAsync(Timeout);

        Assert.Equal(TaskFailureClass.Critical, _recorder.OfType<TaskFailed>().Single().Class);
        Assert.Single(_recorder.OfType<ExecutorFaulted>());
        Assert.Equal(RunStatus.Completed, summary.Status);
    }

    [Fact]
    public async Task RunAsync_ProgressReports_BecomeEventsAndState()
    {
        var executor = new ScriptedExecutor(_ => null);
        var scheduler = Scheduler(QueueOf(TaskDef("t")), executor);
        var run = scheduler.RunAsync();
        await executor.WaitForLaunch(1).Task.WaitAsync(Timeout);

        executor.Progress("t", 42, "halfway");
        var progressed = await _recorder.WaitFor<TaskProgressed>();
        executor.Succeed("t");
        await run.WaitAsync(Timeout);

        Assert.Equal((42.0, "halfway"), (progressed.Percent, progressed.Message));
    }

    [Fact]
    public async Task RunAsync_EveryEvent_JournaledInOrderBeforePublished()
    {
        var summary = await Scheduler(Diamond(), new ScriptedExecutor()).RunAsync().WaitAsync(Timeout);

        Assert.Equal(_journal.Events, _recorder.Events);
        Assert.Equal(Enumerable.Range(1, _journal.Events.Count).Select(i => (long)i), _journal.Events.Select(e => e.Sequence));
        Assert.IsType<RunStarted>(_journal.Events[0]);
        Assert.IsType<RunCompleted>(_journal.Events[^1]);
        Assert.Equal(RunStatus.Completed, summary.Status);
    }
}
