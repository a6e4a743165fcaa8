using System.Text.RegularExpressions;
using TaskMaster.Core.Policies;
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
    public async Task Start_TaskLogOnAFullDisk_ReportsExecutorErrorWithoutRunning()
    {
        await using var harness = new ExecutorHarness();
        var logPath = harness.Home.TaskLogPath(ExecutorHarness.RunId, "t");
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        // Every write to /dev/full fails with ENOSPC, as on a full disk.
        File.CreateSymbolicLink(logPath, "/dev/full");

        var result = await harness.RunAsync(ExecutorHarness.Task("touch ran.txt"));

        Assert.Equal(TaskFailureKind.ExecutorError, result.FailureKind);
        Assert.Matches(new Regex("space", RegexOptions.IgnoreCase), result.Reason!);
        Assert.False(File.Exists(harness.InQueue("ran.txt")));
    }
}
