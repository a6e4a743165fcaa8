using TaskMaster.Checkpoint.Tests.Journal;
using TaskMaster.Checkpoint.Tests.Support;
using TaskMaster.Core.Tests.State;

namespace TaskMaster.Checkpoint.Tests.Resume;

/// <summary>What a resume reads once: the queue through the home's cache, the journal's tail decoded once, the graph built once.</summary>
public sealed class ResumePlanReadsOnceTests : IAsyncLifetime
{
    private CrashedRun _run = null!;

    public async ValueTask InitializeAsync() => _run = await CrashedRun.RecordAsync();

    public ValueTask DisposeAsync()
    {
        _run.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task PlanAsync_ReadsTheQueueThroughTheHomesCache()
    {
        var plan = (await _run.PlanAsync()).Plan!;

        Assert.True(File.Exists(Path.Combine(_run.Layout.QueueCacheDirectory, plan.Queue.ContentHash + ".queue")));
    }

    [Fact]
    public async Task PlanAsync_RecordsTheCheckpointCovers_AreCheckedButNotDecoded()
    {
        var position = (await _run.PlanAsync()).Plan!.Checkpoint.Journal.Position;
        var lines = JournalLines();
        // Whole and checksummed, but nothing this program could fold: only decoding it would fail.
        lines[1] = JournalFile.ChecksummedLine("""{"type":"NoSuchEvent","sequence":2}""");
        File.WriteAllBytes(_run.JournalPath, lines.SelectMany(l => l).ToArray());

        var plan = (await _run.PlanAsync()).Plan!;

        Assert.Equal(position, plan.Checkpoint.Journal.Position);
        Assert.All(plan.Replay, e => Assert.True(e.Sequence > position));
        Assert.Equal(plan.JournalEnd - position, plan.Replay.Count);
    }

    [Fact]
    public async Task OpenJournal_AfterPlanning_GoesOnFromWhatThePlanReadWithoutReadingItAgain()
    {
        var plan = (await _run.PlanAsync()).Plan!;
        // Under the home's lock nothing else writes the journal: damage made now would refuse a reopening that read it again.
        File.WriteAllBytes(_run.JournalPath, JournalFile.Flipped(JournalLines(), line: 1, offset: 20).SelectMany(l => l).ToArray());

        await using var journal = plan.OpenJournal(writeMirror: false);

        Assert.Equal(plan.ResumePosition, journal.LastSequence);
    }

    [Fact]
    public async Task BuildState_TwoCopies_ShareTheGraphAndNothingElse()
    {
        var plan = (await _run.PlanAsync()).Plan!;

        var scheduler = plan.BuildState();
        var checkpointer = await Task.Run(plan.BuildState);

        Assert.Same(scheduler.Graph, checkpointer.Graph);
        Assert.NotSame(scheduler.Tasks[0], checkpointer.Tasks[0]);
        RunStateSnapshot.AssertSame(scheduler, checkpointer);
    }

    private List<byte[]> JournalLines() => JournalFile.LinesOf(File.ReadAllBytes(_run.JournalPath));
}
