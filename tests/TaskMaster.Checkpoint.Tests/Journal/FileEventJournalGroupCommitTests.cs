using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Win32.SafeHandles;
using TaskMaster.Checkpoint.Journal;
using TaskMaster.Checkpoint.Storage;

namespace TaskMaster.Checkpoint.Tests.Journal;

/// <summary>
/// One sync per file covers every event appended since the last flush, and nothing of that group is
/// acknowledged (<see cref="FileEventJournal.DurableSequence"/>) before both syncs returned: watched
/// at each real sync of a real journal and mirror, with what the files hold at that moment.
/// </summary>
public sealed class FileEventJournalGroupCommitTests : IDisposable
{
    private readonly JournalFile _file = new();
    private readonly List<SyncSeen> _syncs = [];
    private FileEventJournal? _journal;
    private IOException? _failNextJournalSync;

    [Fact]
    public async Task FlushAsync_GroupOfEvents_OneSyncPerFileAndNothingAcknowledgedBeforeIt()
    {
        var journal = Create();
        foreach (var e in JournalFile.Progress(50)) journal.Append(e);

        await journal.FlushAsync();

        Assert.Equal([(_file.Path, 0L, 50L), (_file.MirrorPath, 0L, 50L)], _syncs.Select(s => (s.Path, s.Acknowledged, s.OnDisk)));
        Assert.Equal(50, journal.DurableSequence);
    }

    [Fact]
    public async Task FlushAsync_NextGroup_IsAcknowledgedOnlyAfterItsOwnSyncs()
    {
        var journal = Create();
        foreach (var e in JournalFile.Progress(50)) journal.Append(e);
        await journal.FlushAsync();
        _syncs.Clear();
        foreach (var e in JournalFile.Progress(30)) journal.Append(e);

        Assert.Equal(50, journal.DurableSequence);
        await journal.FlushAsync();

        Assert.Equal([(_file.Path, 50L, 80L), (_file.MirrorPath, 50L, 80L)], _syncs.Select(s => (s.Path, s.Acknowledged, s.OnDisk)));
        Assert.Equal(80, journal.DurableSequence);
    }

    [Fact]
    public async Task FlushAsync_JournalSyncFails_AcknowledgesNothingAndTheRetryWritesEachEventOnce()
    {
        var journal = Create();
        foreach (var e in JournalFile.Progress(2)) journal.Append(e);
        await journal.FlushAsync();
        foreach (var e in JournalFile.Progress(3)) journal.Append(e);
        _failNextJournalSync = new IOException("Input/output error");

        await Assert.ThrowsAsync<IOException>(async () => await journal.FlushAsync());
        Assert.Equal(2, journal.DurableSequence);
        Assert.Equal(2, JournalReader.Read(_file.Files).LastSequence);
        await journal.FlushAsync();

        Assert.Equal(5, journal.DurableSequence);
        Assert.Equal([1L, 2, 3, 4, 5], JournalReader.Read(_file.Path).Events.Select(e => e.Sequence));
        Assert.Equal(JournalFile.RecordsOf(_file.Path), JournalFile.RecordsOf(_file.MirrorPath));
        Assert.NotNull(journal.MirrorPath);
    }

    private FileEventJournal Create() => _journal = FileEventJournal.Create(_file.Files, NullLogger.Instance, Sync);

    private void Sync(SafeFileHandle file, string path)
    {
        if (path == _file.Path && _failNextJournalSync is { } failure)
        {
            _failNextJournalSync = null;
            throw failure;
        }
        DataSync.Sync(file, path);
        _syncs.Add(new SyncSeen(path, _journal!.DurableSequence, JournalReader.Read(path).LastSequence));
    }

    public void Dispose()
    {
        _journal?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _file.Dispose();
    }

    /// <param name="Acknowledged">The journal's durable sequence while the sync ran.</param>
    /// <param name="OnDisk">The last event the synced file held.</param>
    private sealed record SyncSeen(string Path, long Acknowledged, long OnDisk);
}
