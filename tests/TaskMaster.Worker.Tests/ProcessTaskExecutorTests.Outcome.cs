using TaskMaster.Core.Policies;
using TaskMaster.Core.Queue;
using TaskMaster.Worker.Tests.Support;

namespace TaskMaster.Worker.Tests;

/// <summary>How an attempt's end becomes its result: exit codes, signals, success criteria.</summary>
public sealed partial class ProcessTaskExecutorTests
{
    [Fact]
    public async Task Start_CommandExitsZero_ReportsSuccess()
    {
        await using var harness = new ExecutorHarness();

        var result = await harness.RunAsync(ExecutorHarness.Task("echo hello"));

        Assert.True(result.Succeeded);
        Assert.Equal(0, result.ExitCode);
        Assert.Null(result.FailureKind);
        Assert.Null(result.Reason);
    }

    [Fact]
    public async Task Start_CommandExitsNonZero_ReportsExitCodeWithStderrTail()
    {
        await using var harness = new ExecutorHarness();

        var result = await harness.RunAsync(ExecutorHarness.Task("echo first >&2; echo second >&2; exit 3"));

        Assert.Equal(TaskFailureKind.ExitCode, result.FailureKind);
        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("exit code 3", result.Reason, StringComparison.Ordinal);
        Assert.Equal(["first", "second"], result.StderrTail);
    }

    [Fact]
    public async Task Start_MoreStderrThanTheTail_KeepsTheLastLines()
    {
        await using var harness = new ExecutorHarness(stderrTailLines: 2);

        var result = await harness.RunAsync(ExecutorHarness.Task("for i in 1 2 3 4 5; do echo line$i >&2; done; exit 1"));

        Assert.Equal(["line4", "line5"], result.StderrTail);
    }

    [Fact]
    public async Task Start_TaskKilledBySignalFromOutside_ReportsSignal()
    {
        await using var harness = new ExecutorHarness();

        var result = await harness.RunAsync(ExecutorHarness.Task("kill -9 $$"));

        Assert.Equal(TaskFailureKind.Signal, result.FailureKind);
        Assert.Equal(9, result.Signal);
        Assert.Equal("killed by signal 9 (SIGKILL)", result.Reason);
    }

    [Fact]
    public async Task Start_FileCriterionMetInWorkingDirectory_ReportsSuccess()
    {
        await using var harness = new ExecutorHarness();
        Directory.CreateDirectory(harness.InQueue("work"));
        var task = ExecutorHarness.Task("mkdir -p out && touch out/result.txt") with
        {
            WorkingDirectory = "work",
            Success = ExitZeroAnd(files: ["out/result.txt"]),
        };

        var result = await harness.RunAsync(task);

        Assert.True(result.Succeeded, result.Reason);
    }

    [Fact]
    public async Task Start_FileCriterionUnmet_ReportsSuccessCriteria()
    {
        await using var harness = new ExecutorHarness();
        var task = ExecutorHarness.Task("true") with { Success = ExitZeroAnd(files: ["out/x.csv"]) };

        var result = await harness.RunAsync(task);

        Assert.Equal(TaskFailureKind.SuccessCriteria, result.FailureKind);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("file 'out/x.csv' does not exist after the run", result.Reason);
    }

    [Fact]
    public async Task Start_StdoutContainsMet_ReportsSuccess()
    {
        await using var harness = new ExecutorHarness();
        var task = ExecutorHarness.Task("echo start; echo 'build: all good'; echo end") with { Success = ExitZeroAnd(stdoutContains: ["all good"]) };

        var result = await harness.RunAsync(task);

        Assert.True(result.Succeeded, result.Reason);
    }

    [Fact]
    public async Task Start_StdoutContainsUnmet_ReportsSuccessCriteria()
    {
        await using var harness = new ExecutorHarness();
        // The text is whole on no stdout line: split over two, half of it on stderr.
        var task = ExecutorHarness.Task("echo 'all' >&2; echo good") with { Success = ExitZeroAnd(stdoutContains: ["all good"]) };

        var result = await harness.RunAsync(task);

        Assert.Equal(TaskFailureKind.SuccessCriteria, result.FailureKind);
        Assert.Equal("stdout did not contain 'all good'", result.Reason);
    }

    [Fact]
    public async Task Start_Task_RunsAsLeaderOfItsOwnProcessGroup()
    {
        await using var harness = new ExecutorHarness();

        await harness.RunAsync(ExecutorHarness.Task("echo \"$$ $(cut -d' ' -f5 /proc/$$/stat)\" > group.txt"));

        var ids = File.ReadAllText(harness.InQueue("group.txt")).Split(' ', StringSplitOptions.TrimEntries);
        Assert.Equal(ids[0], ids[1]);
    }

    [Fact]
    public async Task Start_TaskReadsStdin_ReadsEndOfFileAtOnce()
    {
        await using var harness = new ExecutorHarness();

        var result = await harness.RunAsync(ExecutorHarness.Task("cat"));

        Assert.True(result.Succeeded, result.Reason);
    }

    private static SuccessCriteria ExitZeroAnd(string[]? files = null, string[]? stdoutContains = null) =>
        new(new HashSet<int> { 0 }, files ?? [], stdoutContains ?? []);
}
