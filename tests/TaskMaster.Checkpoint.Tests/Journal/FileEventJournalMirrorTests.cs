using TaskMaster.Checkpoint.Journal;
using TaskMaster.Core.Events;
using TaskMaster.Core.Tests.Events;

namespace TaskMaster.Checkpoint.Tests.Journal;

public sealed class FileEventJournalMirrorTests : IDisposable
{
    private readonly JournalFile _file = new();

    [Fact]
    public async Task FlushAsync_Mirrored_WritesTheSameBytesToBoth()
    {
        await _file.WriteMirroredAsync(SampleEvents.All());

        Assert.Equal(_file.Bytes(), _file.MirrorBytes());
        Assert.Null(JournalReader.Read(_file.MirrorPath).Problem);
    }

    [Fact]
    public async Task OpenForAppend_RecordDamagedButGoodInTheMirror_RepairsTheJournalAndKeepsTheDamagedFileAside()
    {
        await _file.WriteMirroredAsync(JournalFile.Progress(5));
        _file.Rewrite(JournalFile.Flipped(_file.Lines(), 2, 25));
        var damaged = _file.Bytes();

        await AppendCompletedAsync(_file.Files);

        Assert.Equal(_file.Bytes(), _file.MirrorBytes());
        var after = JournalReader.Read(_file.Path);
        Assert.Null(after.Problem);
        Assert.Equal([1L, 2, 3, 4, 5, 6], after.Events.Select(e => e.Sequence));
        Assert.Equal(["journal.jsonl.damaged-3"], _file.SetAside());
        Assert.Equal(damaged, File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(_file.Path)!, "journal.jsonl.damaged-3")));
    }

    [Fact]
    public async Task OpenForAppend_MirrorBehindOrMissing_BringsItInLine()
    {
        await _file.WriteMirroredAsync(JournalFile.Progress(5));
        _file.RewriteMirror(_file.MirrorLines()[..2]);

        await AppendCompletedAsync(_file.Files);
        File.Delete(_file.MirrorPath);
        await AppendCompletedAsync(_file.Files);

        Assert.Equal(_file.Bytes(), _file.MirrorBytes());
        Assert.Equal(7, JournalReader.Read(_file.MirrorPath).LastSequence);
    }

    [Fact]
    public async Task OpenForAppend_Corruption_RefusesAndChangesNeitherFile()
    {
        await _file.WriteMirroredAsync(JournalFile.Progress(5));
        _file.Rewrite(JournalFile.Flipped(_file.Lines(), 2, 25));
        _file.RewriteMirror(JournalFile.Flipped(_file.MirrorLines(), 2, 26));
        var (journal, mirror) = (_file.Bytes(), _file.MirrorBytes());

        Assert.Throws<JournalDamagedException>(() => FileEventJournal.OpenForAppend(_file.Files));

        Assert.Equal(journal, _file.Bytes());
        Assert.Equal(mirror, _file.MirrorBytes());
        Assert.Empty(_file.SetAside());
    }

    [Fact]
    public async Task OpenForAppend_CorruptionDiscarded_CutsBothFilesAndKeepsBothAside()
    {
        await _file.WriteMirroredAsync(JournalFile.Progress(5));
        _file.Rewrite(JournalFile.Flipped(_file.Lines(), 2, 25));
        _file.RewriteMirror(JournalFile.Flipped(_file.MirrorLines(), 2, 26));

        await AppendCompletedAsync(_file.Files, new JournalOpening(DiscardDamaged: true));

        Assert.Equal(_file.Bytes(), _file.MirrorBytes());
        Assert.Equal([1L, 2, 3], JournalReader.Read(_file.Path).Events.Select(e => e.Sequence));
        Assert.Equal(["journal.jsonl.cut-2", Path.Combine("mirror", "journal.jsonl.cut-2")], _file.SetAside());
    }

    [Fact]
    public async Task OpenForAppend_MirroringTurnedOff_RemovesTheMirrorThatWouldNoLongerFollow()
    {
        await _file.WriteMirroredAsync(JournalFile.Progress(3));

        await AppendCompletedAsync(_file.Files with { WriteMirror = false });

        Assert.False(File.Exists(_file.MirrorPath));
        Assert.Equal(4, JournalReader.Read(_file.Files).LastSequence);
    }

    [Fact]
    public async Task Create_MirrorFolderCannotBeCreated_GoesOnWithTheJournalAloneAndSaysWhy()
    {
        var blocker = Path.Combine(Path.GetDirectoryName(_file.Path)!, "mirror");
        await File.WriteAllTextAsync(blocker, "a file where the mirror's folder should be");

        await using var journal = FileEventJournal.Create(_file.Files);
        journal.Append(new RunCompleted(SampleEvents.T, true));
        await journal.FlushAsync();

        Assert.Null(journal.MirrorPath);
        Assert.Contains("could not be written", journal.MirrorProblem, StringComparison.Ordinal);
        Assert.Equal(1, JournalReader.Read(_file.Path).LastSequence);
    }

    private static async Task AppendCompletedAsync(JournalFiles files, JournalOpening? opening = null)
    {
        var (journal, _) = FileEventJournal.OpenForAppend(files, opening);
        await using (journal)
        {
            journal.Append(new RunCompleted(SampleEvents.T, true));
            await journal.FlushAsync();
        }
    }

    public void Dispose() => _file.Dispose();
}
