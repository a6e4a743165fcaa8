using TaskMaster.Checkpoint.Tests.Support;
using TaskMaster.Cli.Tests.Support;

namespace TaskMaster.Cli.Tests.Commands;

/// <summary>Checkpoints on a full disk: the run is told, the journal keeps everything, earlier checkpoints stay.</summary>
public sealed class DiskFullTests
{
    // A compressed checkpoint of these tasks fits in a few KB: the tiny disks are filled before the run.
    private static readonly string Queue = "# Queue: full\n\n" + string.Join("\n\n",
        Enumerable.Range(0, 150).Select(i => $"### task-with-a-long-name-{i}: Task number {i} with a long title\n- run: `true`"));

    [Fact]
    public async Task Execute_CheckpointDiskFullInAutonomousMode_CriticalLoggedRunContinues()
    {
        using var workspace = new QueueWorkspace(Queue);
        using var disk = new TmpfsMount("16k");
        disk.Fill();

        var result = await workspace.ExecuteAsync("--autonomous-mode", "--checkpoint-mirror", disk.Directory,
            "--checkpoint-retain", "1");
        // The mirror is the full disk here; make the primary the full one for the second half.
        using var disk2 = new TmpfsMount("16k");
        disk2.Fill();
        Directory.Delete(Path.Combine(workspace.Home, "checkpoints"), recursive: true);
        Directory.CreateSymbolicLink(Path.Combine(workspace.Home, "checkpoints"), disk2.Directory);
        File.WriteAllText(workspace.QueueFile, Queue.Replace("# Queue: full", "# Queue: full-again"));
        var primaryFull = await workspace.ExecuteAsync("--autonomous-mode");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(primaryFull.ExitCode == 0, primaryFull.ToString());
        var journal = workspace.Journals().Select(File.ReadAllText).Single(text => text.Contains("full-again"));
        Assert.Contains("\"type\":\"CheckpointFailed\"", journal);
        Assert.Contains("No space left on device", journal);
        Assert.Equal(150, journal.Split('\n').Count(l => l.Contains("\"type\":\"TaskSucceeded\"")));
        var log = File.ReadAllText(workspace.LogFile());
        Assert.Contains("\"@l\":\"Fatal\"", log);
    }

    [Fact]
    public async Task Execute_CheckpointDiskFullWithoutAutonomy_PausesAndKeepsTheJournal()
    {
        using var workspace = new QueueWorkspace(Queue);
        using var disk = new TmpfsMount("16k");
        disk.Fill();
        Directory.CreateDirectory(workspace.Home);
        Directory.CreateSymbolicLink(Path.Combine(workspace.Home, "checkpoints"), disk.Directory);

        await using var cli = workspace.StartExecute();
        await cli.WaitForOutputAsync("PAUSED");
        cli.Signal(2);
        var result = await cli.WaitForExitAsync();

        Assert.Equal(130, result.ExitCode);
        Assert.Contains("a checkpoint could not be written", result.Stdout);
        var journal = workspace.JournalText();
        Assert.Contains("\"type\":\"CheckpointFailed\"", journal);
        Assert.Contains("\"type\":\"RunPaused\"", journal);
        Assert.Contains("\"type\":\"RunInterrupted\"", journal);
    }
}
