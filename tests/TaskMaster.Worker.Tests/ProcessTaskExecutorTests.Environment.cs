using TaskMaster.Core.Policies;
using TaskMaster.Worker.Tests.Support;

namespace TaskMaster.Worker.Tests;

/// <summary>What a running task sees: its environment variables and working directory.</summary>
public sealed partial class ProcessTaskExecutorTests
{
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
}
