using TaskMaster.Checkpoint.Journal;

namespace TaskMaster.Checkpoint.Tests.Journal;

public sealed class JournalReaderTests : IDisposable
{
    private readonly JournalFile _file = new();

    [Fact]
    public async Task Read_TornLastLine_ReturnsTheEventsBeforeItAsATornTail()
    {
        await _file.WriteAsync(JournalFile.Progress(4));
        var lines = _file.Lines();
        _file.Rewrite([.. lines[..3], lines[3][..^10]]);

        var read = JournalReader.Read(_file.Path);

        Assert.True(read.TornTail);
        Assert.Equal([1L, 2, 3], read.Events.Select(e => e.Sequence));
        Assert.Equal(lines[..3].Sum(l => l.Length), read.GoodLength);
    }

    [Fact]
    public async Task Read_CorruptedMiddleLine_StopsBeforeItWithAChecksumProblem()
    {
        await _file.WriteAsync(JournalFile.Progress(5));
        var lines = _file.Lines();
        lines[2][20] ^= 0x01; // inside the JSON: the line may still parse, the CRC must not match
        _file.Rewrite(lines);

        var read = JournalReader.Read(_file.Path);

        Assert.Equal("checksum mismatch", read.Problem);
        Assert.False(read.TornTail);
        Assert.Equal([1L, 2], read.Events.Select(e => e.Sequence));
        Assert.Equal(2, read.LastSequence);
    }

    [Fact]
    public async Task Read_SequenceGap_StopsAtTheGapAndNamesIt()
    {
        await _file.WriteAsync(JournalFile.Progress(5));
        var lines = _file.Lines();
        lines.RemoveAt(2); // whole, valid lines: only the numbering shows the loss
        _file.Rewrite(lines);

        var read = JournalReader.Read(_file.Path);

        Assert.Contains("sequence 4 where 3 was expected", read.Problem, StringComparison.Ordinal);
        Assert.False(read.TornTail);
        Assert.Equal([1L, 2], read.Events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task Read_AfterSequence_ReturnsOnlyLaterEventsButChecksAll()
    {
        await _file.WriteAsync(JournalFile.Progress(5));

        var read = JournalReader.Read(_file.Path, afterSequence: 3);

        Assert.Equal([4L, 5], read.Events.Select(e => e.Sequence));
        Assert.Equal(5, read.LastSequence);
    }

    [Fact]
    public async Task ReadAppended_FromAnEarlierReadsEnd_ReturnsOnlyTheLinesAppendedSince()
    {
        await _file.WriteAsync(JournalFile.Progress(5));
        var lines = _file.Lines();
        _file.Rewrite([.. lines[..3], lines[3][..^10]]);
        var earlier = JournalReader.Read(_file.Path);
        _file.Rewrite(lines);

        var appended = JournalReader.ReadAppended(_file.Path, earlier.GoodLength, earlier.LastSequence);

        Assert.Null(appended.Problem);
        Assert.Equal([4L, 5], appended.Events.Select(e => e.Sequence));
        Assert.Equal(lines.Sum(l => l.Length), appended.GoodLength);
        Assert.Equal(5, appended.LastSequence);
    }

    [Fact]
    public async Task ReadAppended_FileShorterThanTheEarlierRead_SaysSoAndReadsNothing()
    {
        await _file.WriteAsync(JournalFile.Progress(2));
        var earlier = JournalReader.Read(_file.Path);
        File.Delete(_file.Path);
        await _file.WriteAsync(JournalFile.Progress(1));

        var appended = JournalReader.ReadAppended(_file.Path, earlier.GoodLength, earlier.LastSequence);

        Assert.Contains("shorter", appended.Problem, StringComparison.Ordinal);
        Assert.Empty(appended.Events);
    }

    public void Dispose() => _file.Dispose();
}
