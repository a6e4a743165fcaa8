using System.Security.Cryptography;
using TaskMaster.Cli.Tests.Support;

namespace TaskMaster.Cli.Tests.Commands;

/// <summary>
/// The queue file edited after a run of it was interrupted: <c>execute --resume-on-failure</c> refuses
/// to start it over, a plain <c>execute</c> says first what it leaves behind, and the old run stays
/// resumable with <c>resume --run</c>.
/// </summary>
public sealed class ResumeOnFailureChangedQueueTests
{
    private static string ShortHash(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))[..12];

    private static string CurrentRun(QueueWorkspace workspace) => File.ReadAllText(Path.Combine(workspace.Home, "current-run")).Trim();

    /// <summary>The interrupted run's queue with its slow task made quick: another file's content at the same path.</summary>
    private static (string Before, string After) ChangeQueue(QueueWorkspace workspace)
    {
        var before = ShortHash(workspace.QueueFile);
        File.WriteAllText(workspace.QueueFile, InterruptedRun.Queue.Replace("sleep 300", "true", StringComparison.Ordinal));
        return (before, ShortHash(workspace.QueueFile));
    }

    [Fact]
    public async Task ExecuteResumeOnFailure_QueueFileChanged_RefusesOnItsFirstLineNamingBothHashesAndTheRun()
    {
        using var workspace = await InterruptedRun.CreateAsync();
        var run = CurrentRun(workspace);
        var (before, after) = ChangeQueue(workspace);

        var result = await workspace.ExecuteAsync("--resume-on-failure");

        Assert.True(result.ExitCode == 4, result.ToString());
        var first = result.Stderr.Split('\n')[0];
        Assert.Contains(run, first);
        Assert.Contains($"queue hash {before}", first);
        Assert.Contains($"now has hash {after}", first);
        Assert.Contains($"task-master resume --run {run}", result.Stderr);
        Assert.Empty(result.Stdout);
        Assert.Equal(["first", "second"], InterruptedRun.Marks(workspace));
        Assert.Single(workspace.Journals());
        Assert.Equal(run, CurrentRun(workspace));
    }

    [Fact]
    public async Task Execute_QueueFileChangedSinceAnUnfinishedRun_SaysSoFirstAndTheOldRunStaysResumableWithRun()
    {
        using var workspace = await InterruptedRun.CreateAsync();
        var old = CurrentRun(workspace);
        var (before, after) = ChangeQueue(workspace);

        var fresh = await workspace.ExecuteAsync();
        File.WriteAllText(workspace.QueueFile, InterruptedRun.Queue);
        var resumed = await CliProcess.RunAsync(workspace.Root, "resume", "--home", workspace.Home, "--plain", "--run", old, "--dry-run");

        Assert.True(fresh.ExitCode == 0, fresh.ToString());
        var first = fresh.Stdout.Split('\n')[0];
        Assert.Contains($"run {old} of task-queue.md did not finish", first);
        Assert.Contains($"queue hash {before} then, {after} now", first);
        Assert.Contains($"task-master resume --run {old}", first);
        Assert.NotEqual(old, CurrentRun(workspace));
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains($"Resuming run {old}", resumed.Stdout);
        Assert.Contains("1 done (not run again)", resumed.Stdout);
    }

    [Fact]
    public async Task Resume_RunThatTheHomeDoesNotHave_RefusedAsBadInputPointingToTheRuns()
    {
        using var workspace = await InterruptedRun.CreateAsync();

        var result = await CliProcess.RunAsync(workspace.Root, "resume", "--home", workspace.Home, "--plain", "--run", "run-nope");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"no run 'run-nope' in {workspace.Home}", result.Stderr);
        Assert.Contains("task-master runs", result.Stderr);
        Assert.Equal(["first", "second"], InterruptedRun.Marks(workspace));
    }
}
