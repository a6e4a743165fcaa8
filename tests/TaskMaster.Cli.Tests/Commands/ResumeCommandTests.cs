using TaskMaster.Cli.Tests.Support;
using TaskMaster.Core.Checkpoints;

namespace TaskMaster.Cli.Tests.Commands;

public sealed class ResumeCommandTests
{
    private static Task<CliResult> Resume(QueueWorkspace workspace, params string[] extra) =>
        CliProcess.RunAsync(workspace.Root, ["resume", "--home", workspace.Home, "--plain", .. extra]);

    [Fact]
    public async Task Resume_AfterInterrupt_DoesNotRerunFinishedTasksAndCompletes()
    {
        using var workspace = await InterruptedRun.CreateAsync();
        File.WriteAllText(workspace.PathOf("task-queue.md"), InterruptedRun.Queue.Replace("sleep 300", "true"));
        // The queue changed (the slow task is now quick): a resume must refuse it...
        var refused = await Resume(workspace);
        Assert.Equal(4, refused.ExitCode);
        Assert.Contains("changed since the checkpoint", refused.Stderr);
        File.WriteAllText(workspace.PathOf("task-queue.md"), InterruptedRun.Queue);

        // ...and with the same queue it continues where it stopped.
        await using var cli = CliProcess.Start(workspace.Root, "resume", "--home", workspace.Home, "--plain", "--validate");
        await FileWait.UntilAsync(workspace.PathOf("marks.txt"), text => text.Split("second").Length == 3);
        cli.Signal(15);
        var result = await cli.WaitForExitAsync();

        Assert.Equal(143, result.ExitCode);
        Assert.Contains("✓ format version 2, schema and SHA-256 checksum verified", result.Stdout);
        Assert.Contains("1 done (not run again)", result.Stdout);
        Assert.Equal(["first", "second", "second"], InterruptedRun.Marks(workspace));
    }

    [Fact]
    public async Task Resume_FromCheckpointLatestJsonWithValidate_ChecksAndPlansTheCheckpointItNames()
    {
        using var workspace = await InterruptedRun.CreateAsync();
        var latest = Path.Combine(workspace.Home, "checkpoints", "latest.json");

        var result = await Resume(workspace, "--from-checkpoint", latest, "--validate", "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"checkpoint {Path.GetRelativePath(workspace.Root, InterruptedRun.Checkpoints(workspace)[^1])}: #2 (shutdown)", result.Stdout);
        Assert.Contains("✓ format version 2, schema and SHA-256 checksum verified", result.Stdout);
        Assert.Equal(["first", "second"], InterruptedRun.Marks(workspace));
    }

    [Fact]
    public async Task Resume_HomeWrittenBeforeFormat2_ContinuesFromItsFormat1Checkpoints()
    {
        using var workspace = await InterruptedRun.CreateAsync();
        Format1Home.Rewrite(workspace.Home);

        var result = await Resume(workspace, "--validate", "--dry-run");
        var fromLatest = await Resume(workspace, "--from-checkpoint", Path.Combine(workspace.Home, "checkpoints", "latest.json"), "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("-000002-shutdown.json: #2 (shutdown)", result.Stdout);
        Assert.Contains("✓ format version 1, schema and SHA-256 checksum verified", result.Stdout);
        Assert.True(fromLatest.ExitCode == 0, fromLatest.ToString());
        Assert.Contains("latest.json: #2 (shutdown)", fromLatest.Stdout);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.93)]
    public async Task Resume_TruncatedCheckpoint_RefusedWithReasonAndNothingRuns(double keep)
    {
        using var workspace = await InterruptedRun.CreateAsync();
        var newest = InterruptedRun.Checkpoints(workspace)[^1];
        var bytes = File.ReadAllBytes(newest);
        File.WriteAllBytes(newest, bytes[..(int)(bytes.Length * keep)]);

        var result = await Resume(workspace, "--from-checkpoint", newest);

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("refused", result.Stderr);
        Assert.Contains("nothing was run", result.Stderr);
        Assert.Equal(["first", "second"], InterruptedRun.Marks(workspace));
    }

    [Fact]
    public async Task Resume_FlippedByte_RefusedAsChecksumMismatch()
    {
        using var workspace = await InterruptedRun.CreateAsync();
        var newest = InterruptedRun.Checkpoints(workspace)[^1];
        // One bit of a value (the first letter of the run id: 'r' becomes 's'), so the JSON stays well-formed.
        CheckpointFileEdit.Edit(newest, text =>
        {
            var at = text.IndexOf("\"run_id\":\"", StringComparison.Ordinal) + "\"run_id\":\"".Length;
            return string.Concat(text.AsSpan(0, at), ((char)(text[at] ^ 0x01)).ToString(), text.AsSpan(at + 1));
        });

        var result = await Resume(workspace, "--from-checkpoint", newest);

        Assert.Equal(4, result.ExitCode);
        Assert.True(result.Stderr.Contains("checksum mismatch", StringComparison.Ordinal), result.Stderr);
        Assert.Equal(["first", "second"], InterruptedRun.Marks(workspace));
    }

    [Fact]
    public async Task Resume_CheckpointOfAnotherQueue_Refused()
    {
        using var workspace = await InterruptedRun.CreateAsync();
        using var other = await InterruptedRun.CreateAsync();
        File.AppendAllText(other.PathOf("task-queue.md"), "\n### extra: Extra\n- run: `true`\n");

        var result = await CliProcess.RunAsync(workspace.Root,
            "resume", "--home", workspace.Home, "--plain", "--from-checkpoint", InterruptedRun.Checkpoints(workspace)[^1],
            "--queue", other.PathOf("task-queue.md"));

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("changed since the checkpoint", result.Stderr);
        Assert.Equal(["first", "second"], InterruptedRun.Marks(workspace));
    }

    [Fact]
    public async Task Resume_NewerFormatVersion_RefusedNamingBothVersions()
    {
        using var workspace = await InterruptedRun.CreateAsync();
        var newest = InterruptedRun.Checkpoints(workspace)[^1];
        var document = CheckpointCodec.Decode(File.ReadAllBytes(newest)).Document!;
        File.WriteAllBytes(newest, CheckpointCodec.Encode(document with { FormatVersion = 7 }));

        var result = await Resume(workspace, "--from-checkpoint", newest);

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("7", result.Stderr);
        Assert.Contains($"{CheckpointDocument.CurrentFormatVersion}", result.Stderr);
        Assert.Contains("newer", result.Stderr);
    }

    [Fact]
    public async Task Resume_NewestCorruptedEverywhere_FallsBackToTheOlderOneAndSaysSo()
    {
        using var workspace = await InterruptedRun.CreateAsync();
        foreach (var folder in new[] { "checkpoints", "checkpoints-mirror" })
        {
            var newest = InterruptedRun.Checkpoints(workspace, folder)[^1];
            File.WriteAllText(newest, "{ not a checkpoint");
        }

        var result = await Resume(workspace, "--dry-run");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("refused", result.Stdout);
        Assert.Contains("fell back to", result.Stdout);
        Assert.Contains("Dry run: nothing was run.", result.Stdout);
        Assert.Equal(["first", "second"], InterruptedRun.Marks(workspace));
    }

    [Fact]
    public async Task Resume_EveryCheckpointInvalid_ExitsNonZeroAndNeverStartsOver()
    {
        using var workspace = await InterruptedRun.CreateAsync();
        foreach (var folder in new[] { "checkpoints", "checkpoints-mirror" })
            foreach (var file in Directory.GetFiles(Path.Combine(workspace.Home, folder), "*.json*"))
                File.WriteAllText(file, "garbage");

        var result = await Resume(workspace);
        var execute = await workspace.ExecuteAsync("--resume-on-failure");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("no valid checkpoint", result.Stderr);
        Assert.Equal(4, execute.ExitCode);
        Assert.Equal(["first", "second"], InterruptedRun.Marks(workspace));
    }

    [Fact]
    public async Task Resume_NamedOlderCheckpoint_RollsBackAndSetsLaterEventsAside()
    {
        using var workspace = await InterruptedRun.CreateAsync();
        var start = InterruptedRun.Checkpoints(workspace)[0];

        var result = await Resume(workspace, "--from-checkpoint", start, "--dry-run");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("journal events after this checkpoint are set aside", result.Stdout);
        Assert.Contains("0 done (not run again)", result.Stdout);
    }
}
