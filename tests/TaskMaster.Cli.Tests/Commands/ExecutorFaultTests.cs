using TaskMaster.Cli.Tests.Support;

namespace TaskMaster.Cli.Tests.Commands;

/// <summary>An executor fault that recurs on a task ends that task, in a supervised run too: no run waits forever for an operator.</summary>
public sealed class ExecutorFaultTests
{
    [Fact]
    public async Task Resume_TaskLogCannotBeWritten_TaskFailsAfterBoundedTriesItsDependentIsBlockedAndTheRunEnds()
    {
        using var workspace = await InterruptedRun.CreateAsync();
        // The log of the task that will run again is a folder now: opening it fails on every attempt.
        var log = Directory.GetFiles(Path.Combine(workspace.Home, "runs"), "second.log", SearchOption.AllDirectories).Single();
        File.Delete(log);
        Directory.CreateDirectory(log);

        var result = await CliProcess.RunAsync(workspace.Root, "resume", "--home", workspace.Home, "--plain");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.DoesNotContain("PAUSED", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("4 executor faults on this task; not tried again", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("third (because second failed)", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("third", InterruptedRun.Marks(workspace));
    }
}
