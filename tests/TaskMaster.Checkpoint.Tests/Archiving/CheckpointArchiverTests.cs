using TaskMaster.Checkpoint.Archiving;
using TaskMaster.Checkpoint.Tests.Support;
using TaskMaster.Core.Checkpoints;
using static TaskMaster.Checkpoint.Tests.Archiving.ArchiveHome;
using static TaskMaster.Checkpoint.Tests.Support.CheckpointFolders;

namespace TaskMaster.Checkpoint.Tests.Archiving;

public sealed class CheckpointArchiverTests : IDisposable
{
    private readonly ArchiveHome _home = new();

    [Fact]
    public async Task ArchiveOlderThanAsync_OldCheckpoints_ArchivesAllButTheNewestOfEachFolder()
    {
        var written = await WriteAsync(_home.Store, 3);
        _home.Age(60, _home.Store.List().Select(c => c.Path));

        var report = await _home.Archiver.ArchiveOlderThanAsync(Month);

        Assert.Equal(4, report.Checkpoints);
        Assert.Equal([3L, 3L], _home.Store.List().Select(c => c.Sequence));
        Assert.True(File.Exists(Path.Combine(_home.Store.PrimaryDirectory, "latest.json")));
        Assert.True(File.Exists(written[2].Mirror!.Path));
    }

    [Fact]
    public async Task ArchiveOlderThanAsync_NewestCorrupted_KeepsTheNewestValidCheckpoint()
    {
        using var home = new ArchiveHome(mirror: false);
        var written = await WriteAsync(home.Store, 3);
        Corrupt(written[2].Primary.Path);
        home.Age(60, home.Store.List().Select(c => c.Path));

        await home.Archiver.ArchiveOlderThanAsync(Month);

        Assert.Equal([2L], home.Store.List().Select(c => c.Sequence));
    }

    [Fact]
    public async Task ArchiveOlderThanAsync_LatestNamesAnOlderCheckpointThanTheNewest_KeepsBoth()
    {
        using var home = new ArchiveHome(mirror: false);
        await home.Store.WriteAsync(Document(3));
        // Written last with an older time (the clock went back): latest.json names it, not the newest.
        var named = await home.Store.WriteAsync(Document(1));
        home.Age(60, home.Store.List().Select(c => c.Path));

        await home.Archiver.ArchiveOlderThanAsync(Month);

        Assert.Equal([3L, 1L], home.Store.List().Select(c => c.Sequence));
        Assert.True((await home.Store.LoadAsync(Path.Combine(home.Store.PrimaryDirectory, "latest.json"))).Found);
        Assert.True(File.Exists(named.Primary.Path));
    }

    [Fact]
    public async Task ArchiveOlderThanAsync_OldFormat1Checkpoint_ArchivedAsItIs()
    {
        using var home = new ArchiveHome(mirror: false);
        var old = Path.Combine(home.Store.PrimaryDirectory, "20261124T103000000Z-run-20261124-103000-ab12-000003-interval.json");
        Directory.CreateDirectory(home.Store.PrimaryDirectory);
        File.WriteAllBytes(old, Format1File());
        await home.Store.WriteAsync(Document(4));
        home.Age(60, home.Store.List().Select(c => c.Path));

        var report = await home.Archiver.ArchiveOlderThanAsync(Month);

        Assert.Equal(1, report.Checkpoints);
        Assert.Equal(Format1File(), ReadArchive(report.ArchivePath!)[$"checkpoints/{Path.GetFileName(old)}"]);
        Assert.Equal([4L], home.Store.List().Select(c => c.Sequence));
    }

    [Fact]
    public async Task ArchiveOlderThanAsync_ArchivedCheckpoints_ReadBackIdenticalAndValid()
    {
        await WriteAsync(_home.Store, 2);
        var old = _home.Store.List().Single(c => c.Sequence == 1 && c.Location == CheckpointLocation.Primary);
        var original = File.ReadAllBytes(old.Path);
        _home.Age(60, old.Path);

        var report = await _home.Archiver.ArchiveOlderThanAsync(Month);

        var archived = ReadArchive(report.ArchivePath!)[$"checkpoints/{old.FileName}"];
        Assert.Equal(original, archived);
        Assert.True(CheckpointCodec.Decode(archived).IsValid);
    }

    [Fact]
    public async Task ArchiveOlderThanAsync_OldLogs_ArchivesAllButTheNewest()
    {
        _home.Write("logs/taskmaster-20261001.jsonl", "{\"@t\":\"a\"}\n", days: 62);
        _home.Write("logs/taskmaster-20261002.jsonl", "{\"@t\":\"b\"}\n", days: 61);
        var newest = _home.Write("logs/taskmaster-20261003.jsonl", "{\"@t\":\"c\"}\n", days: 60);

        var report = await _home.Archiver.ArchiveOlderThanAsync(Month);

        Assert.Equal(2, report.Logs);
        Assert.Equal([newest], Directory.GetFiles(_home.Layout.LogsDirectory));
        Assert.Contains("logs/taskmaster-20261001.jsonl", ReadArchive(report.ArchivePath!).Keys);
    }

    [Fact]
    public async Task ArchiveOlderThanAsync_TaskLogs_ArchivedOnlyForFinishedRuns()
    {
        await _home.Store.WriteAsync(Document(1, runId: "run-done") with { ExecutionState = Document(1).ExecutionState with { Status = "completed" } });
        await _home.Store.WriteAsync(Document(2, runId: "run-resumable") with { ExecutionState = Document(2).ExecutionState with { Status = "interrupted" } });
        var done = _home.Write("runs/run-done/tasks/build.log", "compiled\n", days: 60);
        var resumable = _home.Write("runs/run-resumable/tasks/build.log", "compiling\n", days: 60);

        var report = await _home.Archiver.ArchiveOlderThanAsync(Month);

        Assert.Equal(1, report.TaskLogs);
        Assert.False(File.Exists(done));
        Assert.True(File.Exists(resumable));
        Assert.Equal("compiled\n"u8.ToArray(), ReadArchive(report.ArchivePath!)["runs/run-done/tasks/build.log"]);
    }

    [Fact]
    public async Task ArchiveOlderThanAsync_CallerSaysWhichRunsFinished_UsesThat()
    {
        var log = _home.Write("runs/run-x/tasks/t.log", "out\n", days: 60);

        var report = await _home.Archiver.ArchiveOlderThanAsync(Month, isRunFinished: run => run == "run-x");

        Assert.Equal(1, report.TaskLogs);
        Assert.False(File.Exists(log));
    }

    [Fact]
    public async Task ArchiveOlderThanAsync_NothingOldEnough_WritesNoArchive()
    {
        await WriteAsync(_home.Store, 2);
        _home.Write("logs/taskmaster-20270228.jsonl", "{}\n", days: 1);
        _home.Age(1, _home.Store.List().Select(c => c.Path));

        var report = await _home.Archiver.ArchiveOlderThanAsync(Month);

        Assert.Same(ArchiveReport.Nothing, report);
        Assert.False(Directory.Exists(_home.Layout.ArchiveDirectory));
    }

    [Fact]
    public async Task ArchiveOlderThanAsync_CompressibleFiles_ReportsTheBytesSaved()
    {
        var line = string.Concat(Enumerable.Repeat("{\"@t\":\"2026-10-01T00:00:00Z\",\"@m\":\"task build progressed\"}\n", 2000));
        var archived = _home.Write("logs/taskmaster-20261001.jsonl", line, 61);
        _home.Write("logs/taskmaster-20261002.jsonl", line, 60); // the newest log stays
        var size = new FileInfo(archived).Length;

        var report = await _home.Archiver.ArchiveOlderThanAsync(Month);

        Assert.Equal(size, report.ArchivedBytes);
        Assert.Equal(size, report.FreedBytes);
        Assert.Equal(report.FreedBytes - report.ArchiveBytes, report.BytesSaved);
        Assert.True(report.BytesSaved > size / 2, $"saved {report.BytesSaved} of {size}");
        Assert.Empty(Directory.GetFiles(_home.Layout.ArchiveDirectory, ".tmp-*"));
    }

    public void Dispose() => _home.Dispose();
}
