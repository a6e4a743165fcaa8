using System.Diagnostics;
using TaskMaster.Core.Policies;
using TaskMaster.Worker.Tests.Support;

namespace TaskMaster.Worker.Tests;

/// <summary>A task's processes end with it: timeouts, cancellation, leftovers.</summary>
public sealed partial class ProcessTaskExecutorTests
{
    // Tasks below sleep this long; finishing well before it shows they were killed, not awaited.
    private static readonly TimeSpan WellBeforeTheTasksOwnEnd = TimeSpan.FromSeconds(60);

    // Writes its background child's pid to <task id>.pid, says it runs, and waits.
    private const string TreeThatWaits = "sleep 300 & echo $! > $TASKMASTER_TASK_ID.pid; echo '::progress 1 running'; sleep 300";

    [Fact]
    public async Task Start_TimeoutPasses_ReportsTimeout()
    {
        await using var harness = new ExecutorHarness();

        var result = await harness.RunAsync(ExecutorHarness.Task("sleep 300") with { Timeout = TimeSpan.FromMilliseconds(500) });

        Assert.Equal(TaskFailureKind.Timeout, result.FailureKind);
        Assert.Equal("timed out after 500ms; process tree killed", result.Reason);
        Assert.Null(result.Signal);
        Assert.InRange(result.Duration, TimeSpan.FromMilliseconds(500), WellBeforeTheTasksOwnEnd);
    }

    [Fact]
    public async Task Start_TimeoutPasses_KillsGrandchildren()
    {
        await using var harness = new ExecutorHarness();

        await harness.RunAsync(ExecutorHarness.Task("sleep 300 & echo $! > child.pid; sleep 300") with { Timeout = TimeSpan.FromMilliseconds(500) });

        Assert.True(await ProcessStatus.EndsWithinAsync(harness.ReadPid("child.pid"), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Start_TimedOutTaskIgnoresSigterm_IsKilledAfterTheGrace()
    {
        await using var harness = new ExecutorHarness(killGrace: TimeSpan.FromMilliseconds(200));

        // An ignored signal stays ignored across exec, so sleep ignores SIGTERM too.
        var result = await harness.RunAsync(ExecutorHarness.Task("trap '' TERM; sleep 300") with { Timeout = TimeSpan.FromMilliseconds(300) });

        Assert.Equal(TaskFailureKind.Timeout, result.FailureKind);
        Assert.True(result.Duration < WellBeforeTheTasksOwnEnd);
    }

    [Fact]
    public async Task Start_SuccessfulTaskLeavesABackgroundProcess_KillsIt()
    {
        await using var harness = new ExecutorHarness();

        var result = await harness.RunAsync(ExecutorHarness.Task("sleep 300 > /dev/null 2>&1 & echo $! > child.pid"));

        Assert.True(result.Succeeded, result.Reason);
        Assert.True(await ProcessStatus.EndsWithinAsync(harness.ReadPid("child.pid"), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Start_ProcessThatLeftTheGroupHoldsStdout_CompletesAfterTheGrace()
    {
        await using var harness = new ExecutorHarness(killGrace: TimeSpan.FromMilliseconds(300));
        try
        {
            // setsid gives the sleep a session of its own, out of reach of the group kill.
            var result = await harness.RunAsync(ExecutorHarness.Task("setsid sleep 300 & echo $! > escaped.pid"));

            Assert.True(result.Succeeded, result.Reason);
        }
        finally
        {
            if (File.Exists(harness.InQueue("escaped.pid")))
            {
                using var escaped = Process.GetProcessById(harness.ReadPid("escaped.pid"));
                escaped.Kill();
            }
        }
    }

    [Fact]
    public async Task CancelAll_RunningTasks_KillsTheirTreesAndReportsCancelled()
    {
        await using var harness = new ExecutorHarness();
        var launches = new[] { harness.Start(ExecutorHarness.Task(TreeThatWaits, "a")), harness.Start(ExecutorHarness.Task(TreeThatWaits, "b")) };
        foreach (var launch in launches) await harness.Reporter.FirstProgressOf(launch);

        harness.Executor.CancelAll();

        foreach (var launch in launches)
        {
            var result = await harness.Reporter.CompletionOf(launch);
            Assert.Equal(TaskFailureKind.Cancelled, result.FailureKind);
            Assert.Equal("cancelled; process tree killed", result.Reason);
            Assert.True(await ProcessStatus.EndsWithinAsync(harness.ReadPid(launch.Task.Id + ".pid"), TimeSpan.FromSeconds(5)));
        }
    }

    [Fact]
    public async Task Cancel_OneAttempt_EndsOnlyItsTreeLettingItCleanUpFirst()
    {
        await using var harness = new ExecutorHarness();
        // `wait`, unlike a foreground command, lets the shell run its trap as soon as the signal arrives.
        const string CleansUpOnTerm = "trap 'echo cleaned > a.cleanup; exit 1' TERM; sleep 300 & echo $! > a.pid; echo '::progress 1 running'; wait";
        var doomed = harness.Start(ExecutorHarness.Task(CleansUpOnTerm, "a"), attempt: 1, taskIndex: 0);
        var spared = harness.Start(ExecutorHarness.Task(TreeThatWaits, "b"), attempt: 1, taskIndex: 1);
        await harness.Reporter.FirstProgressOf(doomed);
        await harness.Reporter.FirstProgressOf(spared);

        harness.Executor.Cancel(taskIndex: 1, attempt: 2); // another attempt of b: not running, nothing to kill
        harness.Executor.Cancel(taskIndex: 0, attempt: 1);

        var result = await harness.Reporter.CompletionOf(doomed);
        Assert.Equal(TaskFailureKind.Cancelled, result.FailureKind);
        Assert.True(await ProcessStatus.EndsWithinAsync(harness.ReadPid("a.pid"), TimeSpan.FromSeconds(5)));
        Assert.Equal("cleaned", File.ReadAllText(harness.InQueue("a.cleanup")).Trim()); // SIGTERM came first, as for a timeout
        Assert.False(harness.Reporter.HasCompleted(spared));
        Assert.False(ProcessStatus.HasEnded(harness.ReadPid("b.pid")));
    }

    [Fact]
    public async Task CancelAll_RightAfterStart_ReportsCancelled()
    {
        await using var harness = new ExecutorHarness();
        var launch = harness.Start(ExecutorHarness.Task("sleep 300"));

        harness.Executor.CancelAll();

        Assert.Equal(TaskFailureKind.Cancelled, (await harness.Reporter.CompletionOf(launch)).FailureKind);
    }

    [Fact]
    public async Task DisposeAsync_TaskRunning_ReportsCancelledBeforeReturning()
    {
        await using var harness = new ExecutorHarness();
        var launch = harness.Start(ExecutorHarness.Task(TreeThatWaits));
        await harness.Reporter.FirstProgressOf(launch);

        await harness.Executor.DisposeAsync().AsTask().WaitAsync(RecordingReporter.Patience, TestContext.Current.CancellationToken);

        Assert.True(harness.Reporter.HasCompleted(launch));
        Assert.Equal(TaskFailureKind.Cancelled, (await harness.Reporter.CompletionOf(launch)).FailureKind);
    }

    [Fact]
    public async Task Start_AfterDispose_Throws()
    {
        await using var harness = new ExecutorHarness();
        await harness.Executor.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => harness.Start(ExecutorHarness.Task("true")));
    }
}
