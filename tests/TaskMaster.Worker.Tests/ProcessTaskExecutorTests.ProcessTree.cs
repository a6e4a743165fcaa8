using System.Text.RegularExpressions;
using TaskMaster.Core.Policies;
using TaskMaster.Worker.Tests.Support;
using TaskMaster.Worker.Tracking;

namespace TaskMaster.Worker.Tests;

/// <summary>
/// A task's processes end with it: timeouts, cancellation, leftovers, those that left its session
/// too; with a cgroup per attempt (where the machine offers one) and by process tree.
/// </summary>
public sealed partial class ProcessTaskExecutorTests
{
    // Tasks below sleep this long; finishing well before it shows they were killed, not awaited.
    private static readonly TimeSpan WellBeforeTheTasksOwnEnd = TimeSpan.FromSeconds(60);

    // Says it runs from the process that then waits: once the line is read, every process of the task exists.
    private const string SayRunningAndWait = "sh -c \"echo '::progress 1 running'; exec sleep 300\"";

    // Writes its background child's pid to <task id>.pid, says it runs, and waits: three processes.
    private const string TreeThatWaits = "sleep 300 & echo $! > $TASKMASTER_TASK_ID.pid; " + SayRunningAndWait;

    // Starts a shell in a session of its own (out of reach of a group kill) that starts a sleep; writes
    // the escaped shell's pid, waits until its sleep has started, says it runs, and waits: four processes.
    private const string TreeWithEscapee =
        "setsid sh -c 'sleep 20 & echo $! > $TASKMASTER_TASK_ID.inner; wait; touch escaped' & echo $! > $TASKMASTER_TASK_ID.escaped; "
        + "while [ ! -s $TASKMASTER_TASK_ID.inner ]; do sleep 0.01; done; " + SayRunningAndWait;

    [Fact]
    public async Task Start_TimeoutPasses_ReportsTimeoutAndHowTheProcessesEnded()
    {
        await using var harness = new ExecutorHarness();

        var result = await harness.RunAsync(ExecutorHarness.Task("sleep 300") with { Timeout = TimeSpan.FromMilliseconds(500) });

        Assert.Equal(TaskFailureKind.Timeout, result.FailureKind);
        Assert.Matches(@"^timed out after 500ms; SIGTERM; all processes ended within \d+(\.\d)?m?s$", result.Reason);
        Assert.Null(result.Signal);
        Assert.InRange(result.Duration, TimeSpan.FromMilliseconds(500), WellBeforeTheTasksOwnEnd);
    }

    [Theory]
    [InlineData(TaskTracking.Auto)]
    [InlineData(TaskTracking.ProcessTree)]
    public async Task Start_TimeoutPasses_KillsGrandchildren(TaskTracking tracking)
    {
        await using var harness = new ExecutorHarness(tracking: tracking);

        await harness.RunAsync(ExecutorHarness.Task("sleep 300 & echo $! > child.pid; sleep 300") with { Timeout = TimeSpan.FromMilliseconds(500) });

        Assert.True(ProcessStatus.HasEnded(harness.ReadPid("child.pid")));
    }

    [Theory]
    [InlineData(TaskTracking.Auto)]
    [InlineData(TaskTracking.ProcessTree)]
    public async Task Start_TimeoutPassesWithAProcessInASessionOfItsOwn_KillsItToo(TaskTracking tracking)
    {
        var grace = TimeSpan.FromSeconds(3);
        await using var harness = new ExecutorHarness(killGrace: grace, tracking: tracking);
        var timeout = TimeSpan.FromSeconds(1);

        var result = await harness.RunAsync(ExecutorHarness.Task(TreeWithEscapee) with { Timeout = timeout });

        Assert.Equal(TaskFailureKind.Timeout, result.FailureKind);
        // Every process took SIGTERM (sh and sleep die of it): none was left for SIGKILL.
        Assert.Matches(@"^timed out after 1s; SIGTERM; all processes ended within \d+(\.\d)?m?s$", result.Reason);
        Assert.True(ProcessStatus.HasEnded(harness.ReadPid("t.escaped")), "the process that left the task's session was killed");
        Assert.True(ProcessStatus.HasEnded(harness.ReadPid("t.inner")), "and its child");
        Assert.InRange(result.Duration, timeout, timeout + grace);
        Assert.DoesNotContain("output abandoned", harness.ReadLog(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TaskTracking.Auto)]
    [InlineData(TaskTracking.ProcessTree)]
    public async Task Start_TimedOutTaskIgnoresSigterm_IsKilledAfterTheGraceAndSaysSo(TaskTracking tracking)
    {
        await using var harness = new ExecutorHarness(killGrace: TimeSpan.FromMilliseconds(200), tracking: tracking);

        // An ignored signal stays ignored across exec, so sleep ignores SIGTERM too: two processes outlive it.
        var result = await harness.RunAsync(ExecutorHarness.Task("trap '' TERM; sleep 300") with { Timeout = TimeSpan.FromMilliseconds(300) });

        Assert.Equal(TaskFailureKind.Timeout, result.FailureKind);
        Assert.Matches(@"^timed out after 300ms; SIGTERM, then SIGKILL \d{3}ms later \(2 processes\)$", result.Reason);
        Assert.True(result.Duration < WellBeforeTheTasksOwnEnd);
    }

    [Theory]
    [InlineData(TaskTracking.Auto)]
    [InlineData(TaskTracking.ProcessTree)]
    public async Task Start_SuccessfulTaskLeavesABackgroundProcess_KillsIt(TaskTracking tracking)
    {
        await using var harness = new ExecutorHarness(tracking: tracking);

        var result = await harness.RunAsync(ExecutorHarness.Task("sleep 300 > /dev/null 2>&1 & echo $! > child.pid"));

        Assert.True(result.Succeeded, result.Reason);
        Assert.True(ProcessStatus.HasEnded(harness.ReadPid("child.pid")));
        Assert.Contains("; 1 process left running killed at its end ===", harness.ReadLog(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TaskTracking.Auto)]
    [InlineData(TaskTracking.ProcessTree)]
    public async Task Start_SuccessfulTaskLeavesAProcessInASessionOfItsOwnHoldingStdout_KillsItAndEndsAtOnce(TaskTracking tracking)
    {
        var grace = TimeSpan.FromSeconds(5);
        await using var harness = new ExecutorHarness(killGrace: grace, tracking: tracking);

        // setsid gives the sleep a session of its own, out of reach of a group kill; it keeps stdout open.
        var result = await harness.RunAsync(ExecutorHarness.Task("setsid sleep 300 & echo $! > escaped.pid"));

        Assert.True(result.Succeeded, result.Reason);
        Assert.True(ProcessStatus.HasEnded(harness.ReadPid("escaped.pid")));
        // Its output was not waited for: the pipe closed with it.
        Assert.True(result.Duration < grace, $"took {result.Duration}");
        Assert.DoesNotContain("output abandoned", harness.ReadLog(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TaskTracking.Auto)]
    [InlineData(TaskTracking.ProcessTree)]
    public async Task Start_DaemonizedGrandchildWhoseParentExited_IsKilledAtTheEnd(TaskTracking tracking)
    {
        await using var harness = new ExecutorHarness(tracking: tracking);

        // The classic daemon: a child forks, leaves the session and its parent exits, so it has none from the task.
        var result = await harness.RunAsync(ExecutorHarness.Task("sh -c 'setsid sleep 300 > /dev/null 2>&1 & echo $! > daemon.pid'; sleep 0.2"));

        Assert.True(result.Succeeded, result.Reason);
        Assert.True(ProcessStatus.HasEnded(harness.ReadPid("daemon.pid")));
    }

    [Theory]
    [InlineData(TaskTracking.Auto)]
    [InlineData(TaskTracking.ProcessTree)]
    public async Task CancelAll_RunningTasks_KillsTheirTreesAndSaysHow(TaskTracking tracking)
    {
        await using var harness = new ExecutorHarness(tracking: tracking);
        var launches = new[] { harness.Start(ExecutorHarness.Task(TreeThatWaits, "a")), harness.Start(ExecutorHarness.Task(TreeWithEscapee, "b"), taskIndex: 1) };
        foreach (var launch in launches) await harness.Reporter.FirstProgressOf(launch);

        harness.Executor.CancelAll();

        var a = await harness.Reporter.CompletionOf(launches[0]);
        Assert.Equal(TaskFailureKind.Cancelled, a.FailureKind);
        Assert.Equal("cancelled; SIGKILL (3 processes)", a.Reason); // the shell and its two sleeps
        Assert.True(ProcessStatus.HasEnded(harness.ReadPid("a.pid")));
        var b = await harness.Reporter.CompletionOf(launches[1]);
        Assert.Equal("cancelled; SIGKILL (4 processes)", b.Reason); // the shell, its sleep, and the escapee's sh and sleep
        Assert.True(ProcessStatus.HasEnded(harness.ReadPid("b.escaped")));
    }

    [Theory]
    [InlineData(TaskTracking.Auto)]
    [InlineData(TaskTracking.ProcessTree)]
    public async Task Cancel_OneAttempt_EndsOnlyItsProcessesLettingThemCleanUpFirst(TaskTracking tracking)
    {
        await using var harness = new ExecutorHarness(tracking: tracking);
        // `wait`, unlike a foreground command, lets the shell run its trap as soon as the signal arrives.
        const string CleansUpOnTerm =
            "trap 'echo cleaned > a.cleanup; exit 1' TERM; sleep 300 & echo $! > a.pid; setsid sleep 300 & echo $! > a.escaped; echo '::progress 1 running'; wait";
        var doomed = harness.Start(ExecutorHarness.Task(CleansUpOnTerm, "a"), attempt: 1, taskIndex: 0);
        var spared = harness.Start(ExecutorHarness.Task(TreeThatWaits, "b"), attempt: 1, taskIndex: 1);
        await harness.Reporter.FirstProgressOf(doomed);
        await harness.Reporter.FirstProgressOf(spared);
        // A child between its fork and its exec runs the shell's trap instead of dying of SIGTERM, then
        // execs and never sees it: a race of any signal-based stop, not what is tested here.
        Assert.True(await ProcessStatus.RunsAsync(harness.ReadPid("a.pid"), "sleep", RecordingReporter.Patience));
        Assert.True(await ProcessStatus.RunsAsync(harness.ReadPid("a.escaped"), "sleep", RecordingReporter.Patience));

        harness.Executor.Cancel(taskIndex: 1, attempt: 2); // another attempt of b: not running, nothing to kill
        harness.Executor.Cancel(taskIndex: 0, attempt: 1);

        var result = await harness.Reporter.CompletionOf(doomed);
        Assert.Equal(TaskFailureKind.Cancelled, result.FailureKind);
        Assert.Matches(new Regex(@"^cancelled; SIGTERM; all processes ended within \d+(\.\d)?m?s$"), result.Reason!);
        Assert.True(ProcessStatus.HasEnded(harness.ReadPid("a.pid")));
        Assert.True(ProcessStatus.HasEnded(harness.ReadPid("a.escaped")));
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
