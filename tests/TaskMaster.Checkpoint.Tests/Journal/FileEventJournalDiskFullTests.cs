using TaskMaster.Checkpoint.Journal;
using TaskMaster.Checkpoint.Tests.Support;

namespace TaskMaster.Checkpoint.Tests.Journal;

/// <summary>The journal on a 64 KiB tmpfs that a filler file has taken whole: a real ENOSPC on flush.</summary>
public sealed class FileEventJournalDiskFullTests : IAsyncLifetime
{
    private const int DurableEvents = 2;
    private const int BufferedEvents = 20;

    private readonly TmpfsMount _disk = new();
    private FileEventJournal _journal = null!;

    private string JournalPath => Path.Combine(_disk.Directory, "journal.jsonl");

    public async ValueTask InitializeAsync()
    {
        _journal = FileEventJournal.Create(JournalPath);
        foreach (var e in JournalFile.Progress(DurableEvents)) _journal.Append(e);
        await _journal.FlushAsync();
        _disk.Fill();
        // More than the page the journal already holds: the write must need space the disk does not have.
        for (var i = 0; i < BufferedEvents; i++) _journal.Append(JournalFile.LargeFailure(i));
    }

    [Fact]
    public async Task FlushAsync_DiskFull_ThrowsTheSystemsIOException()
    {
        var error = await Assert.ThrowsAnyAsync<IOException>(async () => await _journal.FlushAsync());

        Assert.Contains("No space left on device", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FlushAsync_DiskFull_LeavesOnlyTheWholeLinesWrittenBefore()
    {
        await Assert.ThrowsAnyAsync<IOException>(async () => await _journal.FlushAsync());

        var read = JournalReader.Read(JournalPath);
        Assert.Null(read.Problem);
        Assert.Equal(new FileInfo(JournalPath).Length, read.GoodLength);
        Assert.Equal(DurableEvents, read.LastSequence);
        Assert.Equal(DurableEvents, _journal.DurableSequence);
    }

    [Fact]
    public async Task FlushAsync_AfterSpaceIsFreed_WritesEveryBufferedEvent()
    {
        await Assert.ThrowsAnyAsync<IOException>(async () => await _journal.FlushAsync());
        File.Delete(_disk.FillerPath);

        await _journal.FlushAsync();

        var read = JournalReader.Read(JournalPath);
        Assert.Null(read.Problem);
        Assert.Equal(Enumerable.Range(1, DurableEvents + BufferedEvents).Select(i => (long)i), read.Events.Select(e => e.Sequence));
        Assert.Equal(_journal.LastSequence, _journal.DurableSequence);
    }

    public async ValueTask DisposeAsync()
    {
        await _journal.DisposeAsync();
        _disk.Dispose();
    }
}
