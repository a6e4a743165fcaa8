using TaskMaster.Checkpoint.Journal;
using TaskMaster.Core.Events;
using TaskMaster.Core.Tests.Events;

namespace TaskMaster.Checkpoint.Tests.Journal;

/// <summary>How a run ended, read from the journal's last lines: it answers only when sure, else the whole read decides.</summary>
public sealed class JournalTailTests : IDisposable
{
    private static readonly DateTimeOffset T = SampleEvents.T;
    private readonly JournalFile _file = new();

    public void Dispose() => _file.Dispose();

    private static RunStarted Start(string? resumedFrom = null) => new(T, "run-1", "q", "/q.md", "abc", 1, 1, true, resumedFrom);

    private static CheckpointTaken Checkpoint() => new(T, 1, "final", "/h/checkpoints/x.json.gz", null, 3);

    [Fact]
    public async Task Completed_CompletionThenItsFinalCheckpoint_True()
    {
        await _file.WriteMirroredAsync([Start(), .. JournalFile.Progress(3), new RunCompleted(T, true), Checkpoint()]);

        Assert.True(JournalTail.Completed(_file.Files));
    }

    [Fact]
    public async Task Completed_ResumedAfterItsCompletion_False()
    {
        await _file.WriteAsync(Start(), new RunCompleted(T, false), Start(resumedFrom: "cp.json"), new TaskStarted(T, "a", 2));

        Assert.False(JournalTail.Completed(_file.Files));
    }

    [Fact]
    public async Task Completed_InterruptedRun_False()
    {
        await _file.WriteAsync(Start(), new TaskStarted(T, "a", 1), new RunInterrupted(T, "SIGTERM", 15), Checkpoint());

        Assert.False(JournalTail.Completed(_file.Files));
    }

    [Fact]
    public async Task Completed_LiveRunWithATornLastLine_CannotTellAndTheWholeReadSaysUnfinished()
    {
        await _file.WriteAsync(Start(), new TaskStarted(T, "a", 1), new TaskSucceeded(T, "a", 1, 0, TimeSpan.FromSeconds(1)));
        var lines = _file.Lines();
        // The writer was cut half-way through the line that would have ended the run.
        var completion = JournalFile.ChecksummedLine("""{"type":"RunCompleted","at":"2026-11-24T12:00:00+00:00","succeeded":true,"sequence":4}""");
        _file.Rewrite([.. lines, completion[..(completion.Length / 2)]]);

        Assert.Null(JournalTail.Completed(_file.Files));
        Assert.False(RunOutcome.Completed(JournalReader.Read(_file.Files).Events));
    }

    [Fact]
    public async Task Completed_DamagedLineAfterTheCompletion_CannotTell()
    {
        await _file.WriteAsync(Start(), new RunCompleted(T, true), Checkpoint());
        var lines = _file.Lines();

        _file.Rewrite(JournalFile.Flipped(lines, line: lines.Count - 1, offset: 20));

        Assert.Null(JournalTail.Completed(_file.Files));
    }

    [Fact]
    public async Task Completed_DamagedCompletionLine_CannotTell()
    {
        await _file.WriteAsync(Start(), new RunCompleted(T, true));
        var lines = _file.Lines();

        _file.Rewrite(JournalFile.Flipped(lines, line: lines.Count - 1, offset: 20));

        Assert.Null(JournalTail.Completed(_file.Files));
    }

    [Fact]
    public async Task Completed_GapBeforeTheLastLine_CannotTell()
    {
        await _file.WriteAsync(Start(), new RunCompleted(T, true), Checkpoint(), Checkpoint());
        var lines = _file.Lines();
        lines.RemoveAt(2);

        _file.Rewrite(lines);

        Assert.Null(JournalTail.Completed(_file.Files));
    }

    [Fact]
    public async Task Completed_MirrorLongerThanTheJournal_CannotTell()
    {
        await _file.WriteMirroredAsync(Start(), new TaskStarted(T, "a", 1), new RunCompleted(T, true));
        // The journal lost its last line; the mirror still has it: only the whole read repairs from it.
        _file.Rewrite(_file.Lines()[..^1]);

        Assert.Null(JournalTail.Completed(_file.Files));
    }

    [Fact]
    public async Task Completed_NoBoundaryInTheLast64KiB_CannotTell()
    {
        await _file.WriteAsync([Start(), .. Enumerable.Range(1, 100).Select(i => (RunEvent)JournalFile.LargeFailure(i))]);

        Assert.Null(JournalTail.Completed(_file.Files));
        Assert.False(RunOutcome.Completed(JournalReader.Read(_file.Files).Events));
    }

    [Fact]
    public async Task Completed_LongJournal_ReadsTheSameVerdictAsTheWholeJournal()
    {
        await _file.WriteAsync([Start(), .. Enumerable.Range(1, 200).Select(i => (RunEvent)JournalFile.LargeFailure(i)), new RunCompleted(T, true), Checkpoint()]);

        Assert.True(JournalTail.Completed(_file.Files));
        Assert.True(RunOutcome.Completed(JournalReader.Read(_file.Files).Events));
    }

    [Fact]
    public void Completed_NoJournal_CannotTell()
    {
        Assert.Null(JournalTail.Completed(_file.Files));
    }
}
