using TaskMaster.Checkpoint.Journal;
using TaskMaster.Checkpoint.Tests.Support;
using TaskMaster.Core.Events;
using TaskMaster.Core.Tests.Events;

namespace TaskMaster.Checkpoint.Tests.Journal;

/// <summary>One of the two files on a 64 KiB tmpfs that a filler file has taken whole: a real ENOSPC on flush.</summary>
public sealed class FileEventJournalMirrorDiskFullTests : IDisposable
{
    private const int DurableEvents = 2;
    private const int BufferedEvents = 20;

    private readonly TmpfsMount _disk = new();
    private readonly string _elsewhere = Directory.CreateTempSubdirectory("taskmaster-journal-").FullName;

    [Fact]
    public async Task FlushAsync_MirrorDiskFull_GoesOnWithTheJournalAloneAndSaysWhy()
    {
        var files = new JournalFiles(Path.Combine(_elsewhere, "journal.jsonl"), Path.Combine(_disk.Directory, "journal.jsonl"));
        await using var journal = await FilledAsync(files);

        await journal.FlushAsync();

        Assert.Null(journal.MirrorPath);
        Assert.Contains("No space left on device", journal.MirrorProblem, StringComparison.Ordinal);
        Assert.Equal(DurableEvents + BufferedEvents, JournalReader.Read(files.Path).LastSequence);
        journal.Append(new RunCompleted(SampleEvents.T, true));
        await journal.FlushAsync();
        Assert.Equal(journal.LastSequence, journal.DurableSequence);
    }

    [Fact]
    public async Task FlushAsync_JournalDiskFull_CutsTheMirrorBackSoTheRetryWritesNothingTwice()
    {
        var files = new JournalFiles(Path.Combine(_disk.Directory, "journal.jsonl"), Path.Combine(_elsewhere, "journal.jsonl"));
        await using var journal = await FilledAsync(files);

        await Assert.ThrowsAnyAsync<IOException>(async () => await journal.FlushAsync());
        Assert.Equal(new FileInfo(files.Path).Length, new FileInfo(files.MirrorPath!).Length);
        File.Delete(_disk.FillerPath);
        await journal.FlushAsync();

        Assert.Equal(File.ReadAllBytes(files.Path), File.ReadAllBytes(files.MirrorPath!));
        Assert.Equal(DurableEvents + BufferedEvents, JournalReader.Read(files.MirrorPath!).LastSequence);
        Assert.NotNull(journal.MirrorPath);
    }

    /// <summary>A mirrored journal with <see cref="DurableEvents"/> on disk, the small disk then filled, and more buffered than fits.</summary>
    private async Task<FileEventJournal> FilledAsync(JournalFiles files)
    {
        var journal = FileEventJournal.Create(files);
        foreach (var e in JournalFile.Progress(DurableEvents)) journal.Append(e);
        await journal.FlushAsync();
        _disk.Fill();
        for (var i = 0; i < BufferedEvents; i++)
            journal.Append(JournalFile.LargeFailure(i));
        return journal;
    }

    public void Dispose()
    {
        _disk.Dispose();
        Directory.Delete(_elsewhere, recursive: true);
    }
}
