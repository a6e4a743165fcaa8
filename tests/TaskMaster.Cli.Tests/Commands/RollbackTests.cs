using TaskMaster.Cli.Tests.Support;

namespace TaskMaster.Cli.Tests.Commands;

/// <summary>A critical task that fails for good rolls the run back to the checkpoint taken before it started.</summary>
public sealed class RollbackTests
{
    private const string Queue = """
        # Queue: deploy

        ### build: Build
        Saves its progress in its state file, then records what it saw there.
        - checkpoint: after
        - run: `echo "build saw [$(cat "$TASKMASTER_STATE_FILE" 2>/dev/null)]" >> marks.txt; echo built > "$TASKMASTER_STATE_FILE"`

        ### deploy: Deploy
        - depends: build
        - critical: true
        - run: `echo deploy >> marks.txt; exit 1`

        ### notify: Notify
        - depends: deploy
        - run: `echo notify >> marks.txt`
        """;

    [Fact]
    public async Task Execute_CriticalTaskFailsInAutonomousMode_RollsBackAndRetriesBoundedThenGivesUp()
    {
        using var workspace = new QueueWorkspace(Queue);

        var result = await workspace.ExecuteAsync("--autonomous-mode");

        Assert.Equal(1, result.ExitCode);
        // Two rollbacks (the default bound) to the checkpoint taken just before deploy started (so
        // build, done before it, is not run again), then the third failure is final and blocks notify.
        var marks = File.ReadAllLines(workspace.PathOf("marks.txt"));
        Assert.Equal(["build saw []", "deploy", "deploy", "deploy"], marks);
        Assert.Contains("ROLLBACK   to checkpoint", result.Stdout);
        Assert.Contains("1 failed, 1 blocked", result.Stdout);
        var journal = workspace.JournalText();
        Assert.Equal(2, journal.Split('\n').Count(l => l.Contains("\"type\":\"RunRolledBack\"")));
        var log = File.ReadAllText(workspace.LogFile());
        Assert.Contains("rolling back to checkpoint", log);
    }

    [Fact]
    public async Task Execute_CriticalTaskFailsWithoutAutonomy_RollsBackAndPausesForAnOperator()
    {
        using var workspace = new QueueWorkspace(Queue);
        await using var cli = workspace.StartExecute();

        await cli.WaitForOutputAsync("PAUSED");
        cli.Signal(2);
        var result = await cli.WaitForExitAsync();

        Assert.Equal(130, result.ExitCode);
        Assert.Contains("rolled back to checkpoint", result.Stdout);
        Assert.Equal(["build saw []", "deploy"], File.ReadAllLines(workspace.PathOf("marks.txt")));
    }
}
