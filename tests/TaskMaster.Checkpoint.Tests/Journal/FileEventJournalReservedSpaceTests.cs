using TaskMaster.Checkpoint.Journal;
using TaskMaster.Core.Events;
using TaskMaster.Core.Tests.Events;

namespace TaskMaster.Checkpoint.Tests.Journal;

/// <summary>
/// An open journal reserves space after its records (zeros until written, so that a flush's sync
/// writes data and no new size): every reader takes the journal to end before it, it is cut on close,
/// and a crash that leaves it behind is reopened as if it were not there.
/// </summary>
public sealed class FileEventJournalReservedSpaceTests : IDisposable
{
    private readonly JournalFile _file = new();
    private readonly string _crashed = Directory.CreateTempSubdirectory("taskmaster-journal-crashed-").FullName;

    [Fact]
    public async Task FlushAsync_OpenJournal_ReservesSpaceAfterItsRecordsInBothFiles()
    {
        await using var journal = await OpenWithAsync(3);

        Assert.True(new FileInfo(_file.Path).Length > JournalFile.RecordsOf(_file.Path).Length);
        Assert.True(new FileInfo(_file.MirrorPath).Length > JournalFile.RecordsOf(_file.MirrorPath).Length);
    }

    [Fact]
    public async Task Read_OpenJournalWithReservedSpace_ReadsWholeWithoutATornTail()
    {
        await using var journal = await OpenWithAsync(3);

        var read = JournalReader.Read(_file.Files);

        Assert.Equal((null, false, 3L, (long)JournalFile.RecordsOf(_file.Path).Length), (read.Problem, read.TornTail, read.LastSequence, read.GoodLength));
    }

    [Fact]
    public async Task ReadMore_FollowingAnOpenJournal_ReadsEachFlushOnceAndNoProblem()
    {
        await using var journal = await OpenWithAsync(3);
        var follower = new JournalFollower(_file.Files);
        var first = follower.ReadMore().Events.Select(e => e.Sequence).ToList();
        foreach (var e in JournalFile.Progress(2)) journal.Append(e);
        await journal.FlushAsync();

        var second = follower.ReadMore().Events.Select(e => e.Sequence).ToList();

        Assert.Equal([1L, 2, 3], first);
        Assert.Equal([4L, 5], second);
        Assert.Null(follower.Damage);
    }

    [Fact]
    public async Task DisposeAsync_ReservedSpace_IsCutSoTheFilesHoldOnlyTheirRecords()
    {
        await (await OpenWithAsync(3)).DisposeAsync();

        Assert.Equal(JournalFile.RecordsOf(_file.Path).Length, new FileInfo(_file.Path).Length);
        Assert.Equal(_file.Bytes(), _file.MirrorBytes());
    }

    [Fact]
    public async Task OpenForAppend_CrashLeftReservedSpace_ContinuesAfterTheRecordsAndSetsNothingAside()
    {
        var files = await CrashedCopyAsync(3);

        var (journal, read) = FileEventJournal.OpenForAppend(files);
        await using (journal)
        {
            journal.Append(new RunCompleted(SampleEvents.T, true));
            await journal.FlushAsync();
        }

        Assert.Equal((null, false), (read.Problem, read.TornTail));
        Assert.Equal(["journal.jsonl", "mirror"], Directory.GetFileSystemEntries(_crashed).Select(Path.GetFileName).Order());
        Assert.Equal([1L, 2, 3, 4], JournalReader.Read(files).Events.Select(e => e.Sequence));
        Assert.Equal(File.ReadAllBytes(files.Path), File.ReadAllBytes(files.MirrorPath!));
    }

    [Fact]
    public async Task Read_CrashTornTheLastRecordBeforeTheReservedSpace_EndsQuietlyBeforeIt()
    {
        var files = await CrashedCopyAsync(3);
        var bytes = File.ReadAllBytes(files.Path);
        var records = JournalFile.LinesOf(JournalFile.RecordsOf(files.Path));
        // The last record's second half never reached the disk: zeros from there on, as the reserved space reads.
        var tornAt = records[..2].Sum(l => l.Length) + records[2].Length / 2;
        Array.Clear(bytes, tornAt, bytes.Length - tornAt);
        File.WriteAllBytes(files.Path, bytes);
        File.Delete(files.MirrorPath!);

        var read = JournalReader.Read(files);

        Assert.Equal((true, 2L, (long)records[..2].Sum(l => l.Length)), (read.TornTail, read.LastSequence, read.GoodLength));
        Assert.Null(read.Damage);
    }

    [Fact]
    public async Task Read_JournalLostItsLastRecordsToZeros_TakesThemFromTheMirror()
    {
        var files = await CrashedCopyAsync(3);
        var bytes = File.ReadAllBytes(files.Path);
        var records = JournalFile.LinesOf(JournalFile.RecordsOf(files.Path));
        Array.Clear(bytes, records[0].Length, bytes.Length - records[0].Length);
        File.WriteAllBytes(files.Path, bytes);

        var read = JournalReader.Read(files);

        Assert.Equal([1L, 2, 3], read.Events.Select(e => e.Sequence));
        Assert.Equal([2L, 3], read.Repairs.Select(r => r.Sequence));
    }

    private async Task<FileEventJournal> OpenWithAsync(int events)
    {
        var journal = FileEventJournal.Create(_file.Files);
        foreach (var e in JournalFile.Progress(events)) journal.Append(e);
        await journal.FlushAsync();
        return journal;
    }

    /// <summary>The files of an open journal copied as they are (reserved space and all), as <c>kill -9</c> leaves them.</summary>
    private async Task<JournalFiles> CrashedCopyAsync(int events)
    {
        await using var journal = await OpenWithAsync(events);
        var files = new JournalFiles(Path.Combine(_crashed, "journal.jsonl"), Path.Combine(_crashed, "mirror", "journal.jsonl"));
        Directory.CreateDirectory(Path.GetDirectoryName(files.MirrorPath)!);
        File.Copy(_file.Path, files.Path);
        File.Copy(_file.MirrorPath, files.MirrorPath!);
        Assert.True(new FileInfo(files.Path).Length > JournalFile.RecordsOf(files.Path).Length);
        return files;
    }

    public void Dispose()
    {
        _file.Dispose();
        Directory.Delete(_crashed, recursive: true);
    }
}
