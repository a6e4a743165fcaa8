using TaskMaster.Checkpoint.Resume;
using TaskMaster.Checkpoint.Tests.Support;
using TaskMaster.Core.State;
using TaskMaster.Core.Tests.State;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Checkpoint.Tests.Resume;

public sealed class ResumePlannerTests : IAsyncLifetime
{
    private CrashedRun _run = null!;

    public async ValueTask InitializeAsync() => _run = await CrashedRun.RecordAsync();

    [Fact]
    public async Task PlanAsync_NewestCheckpointAndTheJournalAfterIt_GivesTheStateOfTheWholeJournal()
    {
        var plan = (await _run.PlanAsync()).Plan!;

        Assert.Equal(CrashedRun.CheckpointCount, plan.Checkpoint.Sequence);
        Assert.NotEmpty(plan.Replay);
        Assert.Equal(plan.JournalEnd, plan.ResumePosition);
        Assert.Empty(plan.Notes);
        RunStateSnapshot.AssertSame(_run.FoldJournal(), plan.BuildState());
    }

    [Fact]
    public async Task PlanAsync_NamedOlderCheckpoint_GivesExactlyItsStateAndSetsLaterEventsAside()
    {
        var oldest = _run.Checkpoints()[^1];

        var plan = (await _run.PlanAsync(oldest.Path)).Plan!;

        Assert.True(plan.FromNamedFile);
        Assert.Equal(1, plan.Checkpoint.Sequence);
        Assert.Empty(plan.Replay);
        var position = plan.Checkpoint.Journal.Position;
        RunStateSnapshot.AssertSame(_run.FoldJournal(through: position), plan.BuildState());
        Assert.Equal(plan.JournalEnd - position, plan.DiscardedEvents);
        Assert.True(plan.DiscardedEvents > 0);
        Assert.Contains(plan.Notes, n => n.StartsWith($"{plan.DiscardedEvents} journal events after this checkpoint are set aside", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PlanAsync_QueueFileChanged_RefusesNamingTheQueueFile()
    {
        await File.AppendAllTextAsync(_run.QueueFile, "Deploys to staging first.\n");

        var result = await _run.PlanAsync();

        Assert.Null(result.Plan);
        var problem = Assert.Single(result.Problems);
        Assert.Contains($"the queue file {_run.QueueFile} changed since the checkpoint", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_JournalEndsBeforeTheNewestCheckpoint_FallsBackToOneTheJournalContinues()
    {
        var newest = (await _run.PlanAsync()).Plan!.Checkpoint;
        _run.CutJournal(through: newest.Journal.Position - 1);

        var plan = (await _run.PlanAsync()).Plan!;

        Assert.True(plan.Checkpoint.Journal.Position <= newest.Journal.Position - 1);
        var note = Assert.Single(plan.Notes);
        Assert.Contains($"covers journal event {newest.Journal.Position} but the journal ends at {newest.Journal.Position - 1}", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_NamedCheckpointAheadOfItsJournal_Refuses()
    {
        var newest = (await _run.PlanAsync()).Plan!;
        _run.CutJournal(through: newest.Checkpoint.Journal.Position - 1);

        var result = await _run.PlanAsync(newest.CheckpointPath);

        Assert.Null(result.Plan);
        var problem = Assert.Single(result.Problems);
        Assert.Contains($"ends at event {newest.Checkpoint.Journal.Position - 1}", problem, StringComparison.Ordinal);
        Assert.Contains($"covers up to {newest.Checkpoint.Journal.Position}", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_NewestCheckpointCorrupted_FallsBackToTheOlderOneAndSaysSo()
    {
        var newest = _run.Checkpoints()[0];
        foreach (var copy in _run.Copies(newest)) CheckpointFolders.Corrupt(copy);

        var plan = (await _run.PlanAsync()).Plan!;

        Assert.Equal(newest.Sequence - 1, plan.Checkpoint.Sequence);
        var note = Assert.Single(plan.Notes);
        Assert.Contains($"{newest.Path} refused (checksum mismatch", note, StringComparison.Ordinal);
        Assert.Contains("fell back to", note, StringComparison.Ordinal);
        RunStateSnapshot.AssertSame(_run.FoldJournal(), plan.BuildState());
    }

    [Fact]
    public async Task PlanAsync_NoCheckpointWrittenYet_ReplaysTheWholeJournal()
    {
        foreach (var checkpoint in _run.Checkpoints())
            foreach (var copy in _run.Copies(checkpoint)) File.Delete(copy);
        foreach (var folder in _run.Store.Directories) File.Delete(Path.Combine(folder.Directory, "latest.json"));

        var plan = (await _run.PlanAsync()).Plan!;

        Assert.Equal(0, plan.Checkpoint.Sequence);
        Assert.Contains("the whole journal is replayed", Assert.Single(plan.Notes), StringComparison.Ordinal);
        RunStateSnapshot.AssertSame(_run.FoldJournal(), plan.BuildState());
    }

    [Fact]
    public async Task PlanAsync_EveryCheckpointCorrupted_GivesNoPlanAndEveryReason()
    {
        var checkpoints = _run.Checkpoints();
        foreach (var copy in checkpoints.SelectMany(_run.Copies)) CheckpointFolders.Corrupt(copy);

        var result = await _run.PlanAsync();

        Assert.Null(result.Plan);
        var problem = Assert.Single(result.Problems);
        Assert.StartsWith("no valid checkpoint", problem, StringComparison.Ordinal);
        Assert.All(checkpoints.SelectMany(_run.Copies), path => Assert.Contains($"{path} refused (checksum mismatch", problem, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PlanAsync_EveryCheckpointRefusedBeforeItsQueueIsChecked_EndsTheQueueReadAheadBeforeReturning()
    {
        foreach (var copy in _run.Checkpoints().SelectMany(_run.Copies)) CheckpointFolders.Corrupt(copy);

        var result = await _run.PlanAsync();

        // The queue was read ahead on another core for a checkpoint that was never accepted; that
        // read writes the home's queue cache, and it has ended (its entry is whole) when the plan returns.
        Assert.Null(result.Plan);
        var entry = Assert.Single(Directory.GetFiles(_run.Layout.QueueCacheDirectory));
        Assert.EndsWith(".queue", entry, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_CheckpointsOfAnotherRunThanTheNewest_RefusesThem()
    {
        await File.WriteAllTextAsync(_run.Layout.CurrentRunFile, "run-newer");

        var result = await _run.PlanAsync();

        Assert.Null(result.Plan);
        Assert.Contains($"belongs to run {CrashedRun.RunId}, not to the newest run run-newer", Assert.Single(result.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_NamedCheckpointOfAnotherRunThanTheNewest_IsUsed()
    {
        await File.WriteAllTextAsync(_run.Layout.CurrentRunFile, "run-newer");

        var result = await _run.PlanAsync(_run.Checkpoints()[0].Path);

        Assert.Equal(CrashedRun.RunId, result.Plan?.Checkpoint.RunId);
    }

    [Fact]
    public async Task PlanAsync_NamedRunThatIsNotTheNewest_ResumesItReadingNoOtherRunsCheckpoints()
    {
        await File.WriteAllTextAsync(_run.Layout.CurrentRunFile, "run-newer");
        // A newer run's checkpoint that is not even readable: naming the run must never look at it.
        var stranger = Path.Combine(_run.Layout.CheckpointsDirectory, "20991231T000000000Z-run-newer-000001-start.json");
        await File.WriteAllTextAsync(stranger, "garbage");

        var result = await ResumePlanner.PlanAsync(_run.Layout, _run.Store, checkpointFile: null, queueFile: null, runId: CrashedRun.RunId);

        Assert.Equal(CrashedRun.RunId, result.Plan?.Checkpoint.RunId);
        Assert.Equal(CrashedRun.CheckpointCount, result.Plan!.Checkpoint.Sequence);
        Assert.Empty(result.Plan.Notes);
    }

    [Fact]
    public async Task PlanAsync_RecordDamagedBeforeTheNewestCheckpoint_RefusesNamingTheFinishedTasksThatWouldRunAgain()
    {
        var line = DamageSuccessOf("build");

        var result = await _run.PlanAsync();

        Assert.Null(result.Plan);
        Assert.Equal(line, result.JournalDamage?.Line);
        Assert.Equal([new FinishedTask("build", TaskStatus.Succeeded)], result.JournalLoss?.RunAgain);
        Assert.StartsWith("the journal is damaged:", Assert.Single(result.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_DamageDiscarded_GoesOnFromTheLastGoodEventWithACheckpointBeforeIt()
    {
        var line = DamageSuccessOf("build");

        var plan = (await ResumePlanner.PlanAsync(_run.Layout, _run.Store, new ResumeRequest { DiscardDamagedJournal = true })).Plan!;

        Assert.Equal(line - 1, plan.ResumePosition);
        Assert.True(plan.Checkpoint.Journal.Position < line);
        Assert.Equal(["build"], plan.JournalLoss?.RunAgain.Select(t => t.Id));
        Assert.False(plan.BuildState().Task("build").Status.IsFinal());
        Assert.Contains(plan.Notes, n => n.Contains("but the journal ends at", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PlanAsync_UnknownRun_Refuses()
    {
        var result = await ResumePlanner.PlanAsync(_run.Layout, _run.Store, new ResumeRequest { RunId = "run-nope" });

        Assert.Null(result.Plan);
        Assert.Equal($"no run 'run-nope' in {_run.Layout.Home}", Assert.Single(result.Problems));
    }

    [Fact]
    public async Task PlanAsync_NamedCheckpointOfAnotherRunThanTheOneNamed_Refuses()
    {
        var result = await ResumePlanner.PlanAsync(_run.Layout, _run.Store,
            new ResumeRequest { CheckpointFile = _run.Checkpoints()[0].Path, RunId = CrashedRun.RunId + "-other" });

        Assert.Null(result.Plan);
    }

    /// <summary>Flips a bit of the success record of <paramref name="taskId"/> (its exit code's digit); its line, from 1.</summary>
    private int DamageSuccessOf(string taskId)
    {
        var lines = File.ReadAllLines(_run.JournalPath);
        var index = Array.FindIndex(lines, l => l.Contains($"\"type\":\"TaskSucceeded\",\"taskId\":\"{taskId}\"", StringComparison.Ordinal));
        lines[index] = lines[index].Replace("\"exitCode\":0", "\"exitCode\":1", StringComparison.Ordinal);
        File.WriteAllText(_run.JournalPath, string.Join('\n', lines) + "\n");
        return index + 1;
    }

    public ValueTask DisposeAsync()
    {
        _run.Dispose();
        return ValueTask.CompletedTask;
    }
}
