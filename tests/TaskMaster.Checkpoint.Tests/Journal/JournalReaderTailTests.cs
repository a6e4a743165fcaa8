using TaskMaster.Checkpoint.Journal;

namespace TaskMaster.Checkpoint.Tests.Journal;

/// <summary>A read after a checkpoint's position: every record is checked once, only those after it are decoded.</summary>
public sealed class JournalReaderTailTests : IDisposable
{
    private readonly JournalFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task Read_AfterSequence_RecordsItCoversAreCheckedButNotDecoded()
    {
        await _file.WriteAsync(JournalFile.Progress(5));
        var lines = _file.Lines();
        // Whole and checksummed, but no event this program knows: only decoding it can fail.
        lines[1] = JournalFile.ChecksummedLine("""{"type":"NoSuchEvent","sequence":2}""");
        _file.Rewrite(lines);

        var tail = JournalReader.Read(_file.Path, afterSequence: 3);
        var whole = JournalReader.Read(_file.Path);

        Assert.Null(tail.Problem);
        Assert.Equal([4L, 5], tail.Events.Select(e => e.Sequence));
        Assert.Equal(5, tail.LastSequence);
        Assert.StartsWith("unreadable event", whole.Problem, StringComparison.Ordinal);
        Assert.Equal(1, whole.LastSequence);
    }

    [Fact]
    public async Task Read_AfterSequence_DamagedRecordItCovers_SameVerdictAsAWholeRead()
    {
        await _file.WriteAsync(JournalFile.Progress(5));
        _file.Rewrite(JournalFile.Flipped(_file.Lines(), line: 1, offset: 20));

        var tail = JournalReader.Read(_file.Path, afterSequence: 3);
        var whole = JournalReader.Read(_file.Path);

        Assert.Equal("checksum mismatch", tail.Problem);
        Assert.Equal(1, tail.LastSequence);
        Assert.Empty(tail.Events);
        Assert.Equal(whole.Damage!.Describe(), tail.Damage!.Describe());
    }

    [Fact]
    public async Task Read_AfterSequence_GapInWhatItCovers_StopsAtTheGap()
    {
        await _file.WriteAsync(JournalFile.Progress(5));
        var lines = _file.Lines();
        lines.RemoveAt(1);
        _file.Rewrite(lines);

        var tail = JournalReader.Read(_file.Path, afterSequence: 3);

        Assert.Contains("sequence 3 where 2 was expected", tail.Problem, StringComparison.Ordinal);
        Assert.Equal(1, tail.LastSequence);
    }

    [Fact]
    public async Task ReadFirst_ReadsTheFirstEventOnly()
    {
        await _file.WriteAsync(JournalFile.Progress(3));
        var lines = _file.Lines();
        _file.Rewrite([lines[0], JournalFile.Flipped(lines, line: 1, offset: 20)[1], lines[2]]);

        Assert.Equal(1, JournalReader.ReadFirst(_file.Path)!.Sequence);
    }

    [Fact]
    public async Task ReadFirst_DamagedFirstLine_IsNull()
    {
        await _file.WriteAsync(JournalFile.Progress(3));
        _file.Rewrite(JournalFile.Flipped(_file.Lines(), line: 0, offset: 20));

        Assert.Null(JournalReader.ReadFirst(_file.Path));
    }
}
