using System.Text.RegularExpressions;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;
using TaskMaster.Worker.Tests.Support;

namespace TaskMaster.Worker.Tests;

/// <summary>Where a task's output goes: progress reports and the task log.</summary>
public sealed partial class ProcessTaskExecutorTests
{
    [Fact]
    public async Task Start_ProgressLines_AreReportedAndNotLogged()
    {
        await using var harness = new ExecutorHarness();

        await harness.RunAsync(ExecutorHarness.Task("echo '::progress 25 quarter done'; echo '  ::progress 150  '; echo plain"));

        Assert.Equal([("t", 25.0, (string?)"quarter done"), ("t", 100.0, null)], harness.Reporter.ProgressReports);
        var log = harness.ReadLog();
        Assert.Contains("plain\n", log, StringComparison.Ordinal);
        Assert.DoesNotContain("::progress", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_TwoAttempts_AppendToOneLogWithAHeaderAndFooterEach()
    {
        await using var harness = new ExecutorHarness();
        var task = ExecutorHarness.Task("echo out-$TASKMASTER_ATTEMPT; echo err-$TASKMASTER_ATTEMPT >&2");

        await harness.RunAsync(task, attempt: 1);
        await harness.RunAsync(task, attempt: 2);

        var lines = File.ReadAllLines(harness.Home.TaskLogPath(ExecutorHarness.RunId, "t"));
        Assert.Equal(8, lines.Length);
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var first = (attempt - 1) * 4;
            Assert.Matches($@"^=== attempt {attempt} started \d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{{3}}Z ===$", lines[first]);
            // stdout and stderr are read concurrently, so only their order within a stream is kept.
            Assert.Equal(new[] { $"[stderr] err-{attempt}", $"out-{attempt}" }, lines[(first + 1)..(first + 3)].Order(StringComparer.Ordinal));
            Assert.Matches($"^=== attempt {attempt} ended .*Z: succeeded \\(exit code 0\\) in .*s ===$", lines[first + 3]);
        }
    }

    [Fact]
    public async Task Start_MultiMegabyteStdoutLine_IsLoggedWhole()
    {
        const int length = 2 * 1024 * 1024;
        await using var harness = new ExecutorHarness();

        var result = await harness.RunAsync(ExecutorHarness.Task($"head -c {length} /dev/zero | tr '\\0' x; echo; echo after"));

        Assert.True(result.Succeeded, result.Reason);
        var lines = File.ReadAllLines(harness.Home.TaskLogPath(ExecutorHarness.RunId, "t"));
        Assert.Equal(new string('x', length), lines[1]);
        Assert.Equal("after", lines[2]);
    }

    [Fact]
    public async Task Start_OutputPastTheLogCap_LogKeepsHeadAndTailAndStderrTailAndProgressStillWork()
    {
        await using var harness = new ExecutorHarness(taskLogMaxBytes: 64 * 1024);

        var result = await harness.RunAsync(ExecutorHarness.Task("seq 1 200000; echo '::progress 50 half'; echo 'the end' >&2; exit 3"));

        Assert.Equal(["the end"], result.StderrTail);
        Assert.Equal([("t", 50.0, (string?)"half")], harness.Reporter.ProgressReports);
        var lines = File.ReadAllLines(harness.Home.TaskLogPath(ExecutorHarness.RunId, "t"));
        Assert.Equal("1", lines[1]);
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^\[… \d{1,3}(,\d{3})+ bytes cut …\]$"));
        // stdout and stderr are read concurrently: where the stderr line lands among them is not fixed.
        Assert.Contains("200000", lines[^4..]);
        Assert.InRange(new FileInfo(harness.Home.TaskLogPath(ExecutorHarness.RunId, "t")).Length, 60 * 1024, 66 * 1024);
    }

    [Fact]
    public async Task Start_Task_CreatesItsLogAndStateFolderOwnerOnly()
    {
        await using var harness = new ExecutorHarness();

        await harness.RunAsync(ExecutorHarness.Task("echo secret"));

        const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(harness.Home.TaskLogPath(ExecutorHarness.RunId, "t")));
        Assert.Equal(Folder, File.GetUnixFileMode(Path.GetDirectoryName(harness.Home.TaskLogPath(ExecutorHarness.RunId, "t"))!));
        Assert.Equal(Folder, File.GetUnixFileMode(Path.GetDirectoryName(harness.Home.TaskStateFile(ExecutorHarness.RunId, "t"))!));
    }

    [Fact]
    public async Task Start_RunningAttempt_IsRecordedOwnerOnlyWithItsGroupTokenAndCgroupAndFreedAtItsEnd()
    {
        await using var harness = new ExecutorHarness();
        var launch = harness.Start(ExecutorHarness.Task("echo $TASKMASTER_ATTEMPT_ID > id.txt; echo '::progress 1 running'; sleep 300"));
        await harness.Reporter.FirstProgressOf(launch);
        var file = Assert.Single(RunningAttemptsFile.Files(harness.Home, ExecutorHarness.RunId));

        var running = Assert.Single(RunningAttemptsFile.ReadAll(harness.Home, ExecutorHarness.RunId));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal("t", running.TaskId);
        Assert.Equal(File.ReadAllText(harness.InQueue("id.txt")).Trim(), running.Token);
        Assert.True(running.Group > 0 && running.GroupStarted > 0);
        Assert.Equal(harness.Executor.CgroupFolder is { } folder ? Path.Combine(folder, running.Token) : null, running.CgroupPath);
        harness.Executor.CancelAll();
        await harness.Reporter.CompletionOf(launch);
        Assert.Empty(RunningAttemptsFile.ReadAll(harness.Home, ExecutorHarness.RunId));
    }

    [Fact]
    public async Task Start_SilentSuccess_LeavesNoLogWhileASilentFailureIsLogged()
    {
        await using var harness = new ExecutorHarness();

        Assert.True((await harness.RunAsync(ExecutorHarness.Task("true", id: "quiet"))).Succeeded);
        var failed = await harness.RunAsync(ExecutorHarness.Task("exit 3", id: "broken"));

        Assert.False(File.Exists(harness.Home.TaskLogPath(ExecutorHarness.RunId, "quiet")));
        Assert.False(failed.Succeeded);
        var lines = harness.ReadLog("broken").TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Matches("^=== attempt 1 started .* ===$", lines[0]);
        Assert.Matches("^=== attempt 1 ended .*: failed \\(ExitCode\\): exit code 3.* ===$", lines[1]);
    }

    [Fact]
    public async Task Start_SilentSuccessAfterALoggedFailure_IsLoggedToo()
    {
        await using var harness = new ExecutorHarness();
        var task = ExecutorHarness.Task("[ \"$TASKMASTER_ATTEMPT\" = 2 ]", id: "flaky");

        Assert.False((await harness.RunAsync(task, attempt: 1)).Succeeded);
        Assert.True((await harness.RunAsync(task, attempt: 2)).Succeeded);

        var lines = harness.ReadLog("flaky").TrimEnd('\n').Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Matches("^=== attempt 1 ended .*: failed \\(ExitCode\\): exit code 1.* ===$", lines[1]);
        Assert.Matches("^=== attempt 2 started .* ===$", lines[2]);
        Assert.Matches("^=== attempt 2 ended .*: succeeded \\(exit code 0\\) in .* ===$", lines[3]);
    }

    [Fact]
    public async Task Start_TaskLogOnAFullDisk_EndsTheTaskAtItsFirstOutputAsExecutorError()
    {
        await using var harness = new ExecutorHarness();
        var logPath = harness.Home.TaskLogPath(ExecutorHarness.RunId, "t");
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        // Every write to /dev/full fails with ENOSPC, as on a full disk.
        File.CreateSymbolicLink(logPath, "/dev/full");

        var result = await harness.RunAsync(ExecutorHarness.Task("echo first; sleep 30; touch ran.txt"));

        Assert.Equal(TaskFailureKind.ExecutorError, result.FailureKind);
        Assert.Matches(new Regex("space", RegexOptions.IgnoreCase), result.Reason!);
        Assert.True(result.Duration < TimeSpan.FromSeconds(30), $"it ran for {result.Duration}");
        Assert.False(File.Exists(harness.InQueue("ran.txt")));
    }
}
