using TaskMaster.Core.Policies;
using TaskMaster.Worker.Tests.Support;

namespace TaskMaster.Worker.Tests;

/// <summary>What a running task sees: its environment variables, working directory and signal dispositions.</summary>
public sealed partial class ProcessTaskExecutorTests
{
    [Fact]
    public async Task Start_ExecutorIgnoresSigpipe_TaskStartsWithDefaultSignalsAndAnEmptyMask()
    {
        // The .NET runtime ignores SIGPIPE in its own process: what a task must not inherit.
        Assert.NotEqual(0UL, SignalMask("SigIgn", File.ReadAllText("/proc/self/status")) & (1UL << (13 - 1)));
        await using var harness = new ExecutorHarness();

        await harness.RunAsync(ExecutorHarness.Task("cat /proc/self/status > status.txt"));

        var status = File.ReadAllText(harness.InQueue("status.txt"));
        Assert.Equal(0UL, SignalMask("SigIgn", status));
        Assert.Equal(0UL, SignalMask("SigBlk", status));
    }

    [Fact]
    public async Task Start_WriterToAClosedPipe_DiesOfSigpipeWithoutComplaint()
    {
        await using var harness = new ExecutorHarness();

        // With SIGPIPE ignored, yes gets EPIPE instead and says "yes: standard output: Broken pipe".
        var result = await harness.RunAsync(ExecutorHarness.Task("yes | head -c5 > /dev/null"));

        Assert.True(result.Succeeded, result.Reason);
        // Not a word on stderr: a silent success leaves no log at all.
        Assert.False(File.Exists(harness.Home.TaskLogPath(ExecutorHarness.RunId, "t")));
    }

    [Fact]
    public async Task Start_Task_InheritsAUniqueAttemptIdAndRunsInItsOwnSession()
    {
        await using var harness = new ExecutorHarness();
        const string Report = "echo \"$TASKMASTER_ATTEMPT_ID $$ $(cut -d' ' -f6 /proc/$$/stat)\" > $TASKMASTER_TASK_ID.txt";

        await harness.RunAsync(ExecutorHarness.Task(Report, "a"));
        await harness.RunAsync(ExecutorHarness.Task(Report, "b"));

        var a = File.ReadAllText(harness.InQueue("a.txt")).Split(' ', StringSplitOptions.TrimEntries);
        var b = File.ReadAllText(harness.InQueue("b.txt")).Split(' ', StringSplitOptions.TrimEntries);
        Assert.Matches("^[0-9a-f]{32}$", a[0]);
        Assert.NotEqual(a[0], b[0]);
        Assert.Equal(a[1], a[2]); // the shell leads its session
    }

    [Fact]
    public async Task Start_TaskWithEnvironment_SeesItsVariablesAndTheTaskmasterOnes()
    {
        await using var harness = new ExecutorHarness();
        var task = ExecutorHarness.Task(
            "printf '%s\\n' \"$MODE\" \"$TASKMASTER_RUN_ID\" \"$TASKMASTER_TASK_ID\" \"$TASKMASTER_ATTEMPT\" "
            + "\"$TASKMASTER_STATE_FILE\" \"$TASKMASTER_HOME\" > env.txt", id: "build") with
        {
            Environment = [new("MODE", "full run")],
        };

        await harness.RunAsync(task, attempt: 2);

        string[] expected =
        [
            "full run", ExecutorHarness.RunId, "build", "2",
            harness.Home.TaskStateFile(ExecutorHarness.RunId, "build"), harness.Home.Home,
        ];
        Assert.Equal(expected, File.ReadAllLines(harness.InQueue("env.txt")));
    }

    [Fact]
    public async Task Start_Task_InheritsTheExecutorsEnvironment()
    {
        await using var harness = new ExecutorHarness();
        Environment.SetEnvironmentVariable("TASKMASTER_WORKER_TEST_INHERITED", "inherited");

        await harness.RunAsync(ExecutorHarness.Task("echo \"$TASKMASTER_WORKER_TEST_INHERITED\" > env.txt"));

        Assert.Equal("inherited", File.ReadAllText(harness.InQueue("env.txt")).Trim());
    }

    [Fact]
    public async Task Start_Task_CreatesTheStateFileFolderButNotTheFile()
    {
        await using var harness = new ExecutorHarness();
        var stateFile = harness.Home.TaskStateFile(ExecutorHarness.RunId, "t");

        await harness.RunAsync(ExecutorHarness.Task("true"));

        Assert.True(Directory.Exists(Path.GetDirectoryName(stateFile)));
        Assert.False(File.Exists(stateFile));
    }

    [Fact]
    public async Task Start_RelativeWorkingDirectory_RunsInItUnderTheQueueFolder()
    {
        await using var harness = new ExecutorHarness();
        var workingDirectory = Directory.CreateDirectory(harness.InQueue("sub/dir")).FullName;

        await harness.RunAsync(ExecutorHarness.Task("pwd > where.txt") with { WorkingDirectory = "sub/dir" });

        Assert.Equal(workingDirectory, File.ReadAllText(Path.Combine(workingDirectory, "where.txt")).Trim());
    }

    [Fact]
    public async Task Start_MissingWorkingDirectory_ReportsStartFailedNamingThePath()
    {
        await using var harness = new ExecutorHarness();

        var result = await harness.RunAsync(ExecutorHarness.Task("touch started.txt") with { WorkingDirectory = "missing" });

        Assert.Equal(TaskFailureKind.StartFailed, result.FailureKind);
        Assert.Contains(harness.InQueue("missing"), result.Reason, StringComparison.Ordinal);
        Assert.False(File.Exists(harness.InQueue("started.txt")));
    }

    [Fact]
    public async Task Start_MissingShell_ReportsStartFailed()
    {
        await using var harness = new ExecutorHarness();
        var task = ExecutorHarness.Task("true");

        var result = await harness.RunAsync(task with { Command = task.Command with { Shell = "/nonexistent/sh" } });

        Assert.Equal(TaskFailureKind.StartFailed, result.FailureKind);
        Assert.Equal("shell '/nonexistent/sh' does not exist", result.Reason);
    }

    private static ulong SignalMask(string name, string status) =>
        Convert.ToUInt64(status.Split('\n').Single(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim(), 16);
}
