using TaskMaster.Checkpoint.Journal;
using TaskMaster.Core.Events;
using TaskMaster.Core.Tests.Events;

namespace TaskMaster.Checkpoint.Tests.Journal;

public sealed class FileEventJournalTests : IDisposable
{
    private readonly JournalFile _file = new();

    [Fact]
    public async Task FlushAsync_EveryEventType_ReadsBackInOrderNumberedFromOne()
    {
        var written = SampleEvents.All();

        await _file.WriteAsync(written);
        var read = JournalReader.Read(_file.Path);

        Assert.Null(read.Problem);
        Assert.Equal(Enumerable.Range(1, written.Length).Select(i => (long)i), read.Events.Select(e => e.Sequence));
        Assert.Equal(written.Select(RunEventJson.Serialize), read.Events.Select(RunEventJson.Serialize));
    }

    [Fact]
    public async Task Create_FileExists_RefusesAndLeavesItIntact()
    {
        await _file.WriteAsync(JournalFile.Progress(2));
        var before = _file.Bytes();

        Assert.ThrowsAny<IOException>(() => FileEventJournal.Create(_file.Path));

        Assert.Equal(before, _file.Bytes());
    }

    [Fact]
    public async Task OpenForAppend_TornLastLine_CutsItAndContinuesWithTheNextSequence()
    {
        await _file.WriteAsync(JournalFile.Progress(4));
        var lines = _file.Lines();
        _file.Rewrite([.. lines[..3], lines[3][..^10]]);

        var (journal, read) = FileEventJournal.OpenForAppend(_file.Path);
        await using (journal)
        {
            journal.Append(new RunCompleted(SampleEvents.T, true));
            await journal.FlushAsync();
        }

        Assert.True(read.TornTail);
        Assert.Empty(_file.CutFiles()); // an unacknowledged write is not worth keeping
        var after = JournalReader.Read(_file.Path);
        Assert.Null(after.Problem);
        Assert.Equal([1L, 2, 3, 4], after.Events.Select(e => e.Sequence));
        Assert.IsType<RunCompleted>(after.Events[^1]);
    }

    [Fact]
    public async Task OpenForAppend_CorruptedMiddleLine_RefusesAndLeavesTheFileAsItWas()
    {
        await _file.WriteAsync(JournalFile.Progress(5));
        _file.Rewrite(JournalFile.Flipped(_file.Lines(), 2, 20));
        var damaged = _file.Bytes();

        var refused = Assert.Throws<JournalDamagedException>(() => FileEventJournal.OpenForAppend(_file.Path));

        Assert.Equal((3, 3L, 2), (refused.Damage.Line, refused.Damage.Sequence, refused.Damage.Following.Count));
        Assert.Equal(damaged, _file.Bytes());
        Assert.Empty(_file.CutFiles());
    }

    [Fact]
    public async Task OpenForAppend_CorruptedMiddleLineDiscarded_KeepsTheWholeFileAsideInCutFile()
    {
        await _file.WriteAsync(JournalFile.Progress(5));
        _file.Rewrite(JournalFile.Flipped(_file.Lines(), 2, 20));
        var damaged = _file.Bytes();

        var (journal, read) = FileEventJournal.OpenForAppend(_file.Path, discardDamaged: true);
        await using (journal)
        {
            journal.Append(new RunCompleted(SampleEvents.T, true));
            await journal.FlushAsync();
        }

        Assert.Equal("checksum mismatch", read.Problem);
        Assert.Equal(damaged, File.ReadAllBytes(Assert.Single(_file.CutFiles(), p => p.EndsWith(".cut-2", StringComparison.Ordinal))));
        Assert.Equal([1L, 2, 3], JournalReader.Read(_file.Path).Events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task OpenForAppend_ThroughSequence_KeepsOnlyThoseEventsAndSetsTheFullFileAside()
    {
        await _file.WriteAsync(JournalFile.Progress(5));
        var full = _file.Bytes();

        var (journal, read) = FileEventJournal.OpenForAppend(_file.Path, throughSequence: 3);
        await using (journal)
        {
            journal.Append(new RunCompleted(SampleEvents.T, true));
            await journal.FlushAsync();
        }

        Assert.Equal([1L, 2, 3], read.Events.Select(e => e.Sequence));
        Assert.Equal(full, File.ReadAllBytes(Assert.Single(_file.CutFiles(), p => p.EndsWith(".cut-3", StringComparison.Ordinal))));
        var after = JournalReader.Read(_file.Path).Events;
        Assert.Equal([1L, 2, 3, 4], after.Select(e => e.Sequence));
        Assert.IsType<RunCompleted>(after[^1]);
    }

    [Fact]
    public async Task OpenForAppend_ThroughTheLastEventBeforeATornLine_SetsNothingAside()
    {
        await _file.WriteAsync(JournalFile.Progress(4));
        var lines = _file.Lines();
        _file.Rewrite([.. lines[..3], lines[3][..^10]]);

        var (journal, read) = FileEventJournal.OpenForAppend(_file.Path, throughSequence: 3);
        await journal.DisposeAsync();

        Assert.True(read.TornTail);
        Assert.Empty(_file.CutFiles());
        Assert.Equal(lines[..3].Sum(l => l.Length), _file.Bytes().Length);
    }

    [Fact]
    public async Task OpenForAppend_WholeJournal_SetsNothingAside()
    {
        await _file.WriteAsync(JournalFile.Progress(3));

        var (journal, read) = FileEventJournal.OpenForAppend(_file.Path);
        await journal.DisposeAsync();

        Assert.Null(read.Problem);
        Assert.Equal(3, journal.LastSequence);
        Assert.Empty(_file.CutFiles());
    }

    public void Dispose() => _file.Dispose();
}
