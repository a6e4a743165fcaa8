using TaskMaster.Cli.Tests.Support;

namespace TaskMaster.Cli.Tests.Commands;

/// <summary>An executor fault that recurs on a task ends that task, in a supervised run too: no run waits forever for an operator.</summary>
public sealed class ExecutorFaultTests
{
    [Fact]
    public async Task Resume_RunningAttemptsCannotBeRecorded_TaskFailsAfterBoundedTriesItsDependentIsBlockedAndTheRunEnds()
    {
        using var workspace = await InterruptedRun.CreateAsync();
        // Where the executor records its running attempts is a file now: every attempt fails before it runs.
        var running = Path.Combine(Directory.GetDirectories(Path.Combine(workspace.Home, "runs")).Single(), "running");
        if (Directory.Exists(running)) Directory.Delete(running, recursive: true);
        File.WriteAllText(running, "");

        var result = await CliProcess.RunAsync(workspace.Root, "resume", "--home", workspace.Home, "--plain");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.DoesNotContain("PAUSED", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("4 executor faults on this task; not tried again", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("third (because second failed)", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("third", InterruptedRun.Marks(workspace));
    }
}
