using TaskMaster.Cli.Tests.Support;

namespace TaskMaster.Cli.Tests.Commands;

/// <summary>
/// A record damaged in the middle of the journal (b's success, with c's records after it): never
/// passed over in silence. Repaired from the mirror when the mirror holds it; otherwise refused by
/// resume, and said by status and report, until an operator accepts the loss.
/// </summary>
public sealed class DamagedJournalTests
{
    private static Task<CliResult> Resume(QueueWorkspace workspace, params string[] extra) =>
        CliProcess.RunAsync(workspace.Root, ["resume", "--home", workspace.Home, "--plain", .. extra]);

    /// <summary>The run with b's success damaged in the journal and in its mirror: nothing can repair it.</summary>
    private static async Task<(QueueWorkspace Workspace, int Line)> DamagedEverywhereAsync()
    {
        var workspace = await KilledRun.CreateAsync();
        var line = KilledRun.DamageSuccessOf(KilledRun.Journal(workspace), "b");
        Assert.Equal(line, KilledRun.DamageSuccessOf(KilledRun.Mirror(workspace), "b"));
        return (workspace, line);
    }

    [Fact]
    public async Task Resume_DamagedMiddleRecord_RefusedWithExitCode6NamingTheLineAndTheTasksAndRunsNothing()
    {
        var (workspace, line) = await DamagedEverywhereAsync();
        using var _ = workspace;
        var journal = File.ReadAllBytes(KilledRun.Journal(workspace));

        var result = await Resume(workspace);

        Assert.True(result.ExitCode == 6, result.ToString());
        Assert.Contains($"journal.jsonl line {line} (journal event {line}) is damaged: checksum mismatch", result.Stderr);
        Assert.Contains("its mirror's copy of event", result.Stderr);
        Assert.Contains("these finished tasks would run again: b (succeeded), c (succeeded)", result.Stderr);
        Assert.Contains("--discard-damaged-journal", result.Stderr);
        Assert.Equal(["a", "b", "c", "d"], KilledRun.Marks(workspace));
        Assert.Equal(journal, File.ReadAllBytes(KilledRun.Journal(workspace)));
        Assert.DoesNotContain(Directory.GetFiles(Path.GetDirectoryName(KilledRun.Journal(workspace))!), f => f.Contains(".cut-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExecuteResumeOnFailure_DamagedMiddleRecord_RefusedTheSameWay()
    {
        var (workspace, line) = await DamagedEverywhereAsync();
        using var _ = workspace;

        var result = await workspace.ExecuteAsync("--resume-on-failure");

        Assert.True(result.ExitCode == 6, result.ToString());
        Assert.Contains($"line {line} (journal event {line}) is damaged", result.Stderr);
        Assert.Equal(["a", "b", "c", "d"], KilledRun.Marks(workspace));
    }

    [Fact]
    public async Task Resume_DiscardDamagedJournal_PrintsWhatRunsAgainFirstThenRunsExactlyThose()
    {
        var (workspace, line) = await DamagedEverywhereAsync();
        using var _ = workspace;
        var journal = File.ReadAllBytes(KilledRun.Journal(workspace));

        var result = await Resume(workspace, "--discard-damaged-journal");

        Assert.True(result.ExitCode == 0, result.ToString());
        var announced = result.Stdout.IndexOf("these finished tasks run again: b (succeeded), c (succeeded)", StringComparison.Ordinal);
        Assert.InRange(announced, 0, result.Stdout.IndexOf("started ", StringComparison.Ordinal));
        // b and c because their records were lost, d because it was running: a is not run again.
        Assert.Equal(["a", "b", "c", "d", "b", "c", "d"], KilledRun.Marks(workspace));
        Assert.Equal(journal, File.ReadAllBytes($"{KilledRun.Journal(workspace)}.cut-{line - 1}"));
    }

    [Fact]
    public async Task Resume_RecordDamagedButGoodInTheMirror_RepairsItAndRunsAgainOnlyWhatWasRunning()
    {
        using var workspace = await KilledRun.CreateAsync();
        var line = KilledRun.DamageSuccessOf(KilledRun.Journal(workspace), "b");

        var result = await Resume(workspace);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"journal line {line} (event {line}) is damaged (checksum mismatch) and is read from its mirror", result.Stdout);
        Assert.Equal(["a", "b", "c", "d", "d"], KilledRun.Marks(workspace));
        Assert.Equal(File.ReadAllBytes(KilledRun.Mirror(workspace)), File.ReadAllBytes(KilledRun.Journal(workspace)));
        Assert.True(File.Exists($"{KilledRun.Journal(workspace)}.damaged-{line}"));
    }

    [Fact]
    public async Task Resume_TornTail_IsCutSilently()
    {
        using var workspace = await KilledRun.CreateAsync();
        foreach (var file in new[] { KilledRun.Journal(workspace), KilledRun.Mirror(workspace) })
        {
            // A crash in the middle of the last write, in both copies.
            var bytes = File.ReadAllBytes(file);
            File.WriteAllBytes(file, bytes[..(bytes.Length - 20)]);
        }

        var result = await Resume(workspace);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("damaged", result.Stdout + result.Stderr);
        Assert.Equal(["a", "b", "c", "d", "d"], KilledRun.Marks(workspace));
        Assert.DoesNotContain(Directory.GetFiles(Path.GetDirectoryName(KilledRun.Journal(workspace))!), f => f.Contains(".cut-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StatusAndReport_DamagedMiddleRecord_SayTheJournalIsDamagedInsteadOfShowingLess()
    {
        var (workspace, line) = await DamagedEverywhereAsync();
        using var _ = workspace;

        var status = await CliProcess.RunAsync(workspace.Root, "status", "--home", workspace.Home);
        var report = await CliProcess.RunAsync(workspace.Root, "report", "--home", workspace.Home, "--format", "md");

        Assert.True(status.ExitCode == 1, status.ToString());
        Assert.Contains($"line {line} (journal event {line}) is damaged", status.Stderr);
        Assert.Contains("b (succeeded), c (succeeded) would show as not finished", status.Stderr);
        Assert.Empty(status.Stdout);
        Assert.True(report.ExitCode != 0, report.ToString());
        Assert.Contains($"line {line} (journal event {line}) is damaged", report.Stderr);
        Assert.Contains("a report of it would show less than happened", report.Stderr);
    }
}
