using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using TaskMaster.Checkpoint.Tests.Support;
using TaskMaster.Core.Checkpoints;
using static TaskMaster.Checkpoint.Tests.Support.CheckpointFolders;

namespace TaskMaster.Checkpoint.Tests;

public sealed class FileCheckpointStoreWriteTests : IDisposable
{
    private readonly CheckpointFolders _folders = new();

    [Fact]
    public async Task WriteAsync_Checkpoint_WritesTheSameBytesInBothFoldersAndLatestNamesThem()
    {
        using var store = _folders.Store();

        var result = await store.WriteAsync(Document(3));

        Assert.True(result.Succeeded);
        var expected = CheckpointCodec.Encode(Document(3));
        var checksum = CheckpointCodec.Decode(expected).Document!.Checksum;
        foreach (var folder in new[] { _folders.Primary, _folders.Mirror! })
        {
            Assert.Equal(expected, File.ReadAllBytes(Path.Combine(folder, result.FileName)));
            using var latest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "latest.json")));
            Assert.Equal(result.FileName, latest.RootElement.GetProperty("latest").GetString());
            Assert.Equal(checksum, latest.RootElement.GetProperty("checksum").GetString());
        }
    }

    [Fact]
    public async Task WriteAsync_Checkpoint_LatestIsAFewReadableLinesNotASecondCopy()
    {
        using var store = _folders.Store();

        var result = await store.WriteAsync(Document(3));

        var latest = File.ReadAllText(Path.Combine(_folders.Primary, "latest.json"));
        Assert.InRange(latest.Length, 1, 1024);
        Assert.StartsWith($"{{\n  \"latest\": \"{result.FileName}\",\n", latest, StringComparison.Ordinal);
        Assert.Contains("\n  \"sequence\": 3,\n", latest, StringComparison.Ordinal);
        Assert.EndsWith("}\n", latest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_Checkpoint_NamesTheFileByTimeRunSequenceAndReason()
    {
        using var store = _folders.Store();

        var result = await store.WriteAsync(Document(3) with { Reason = "task-after" });

        Assert.Equal("20261124T103300000Z-run-20261124-103000-ab12-000003-task-after.json.gz", result.FileName);
    }

    [Fact]
    public async Task WriteAsync_Checkpoint_LeavesNoTemporaryFiles()
    {
        using var store = _folders.Store();

        await WriteAsync(store, 3);

        Assert.Empty(TempFiles(_folders.Primary));
        Assert.Empty(TempFiles(_folders.Mirror!));
    }

    [Fact]
    public async Task WriteAsync_SecondCheckpoint_LatestHoldsTheNewest()
    {
        using var store = _folders.Store();

        await WriteAsync(store, 2);

        Assert.Equal(2, SequenceIn(Path.Combine(_folders.Primary, "latest.json")));
        Assert.Equal(2, SequenceIn(Path.Combine(_folders.Mirror!, "latest.json")));
    }

    [Fact]
    public async Task WriteAsync_MirrorUnwritable_PrimaryWrittenAndMirrorFailureReported()
    {
        File.WriteAllText(_folders.Mirror!, "a file where the mirror folder should be");
        using var store = _folders.Store();

        var result = await store.WriteAsync(Document(1));

        Assert.True(result.Succeeded);
        Assert.True(result.MirrorFailed);
        Assert.IsAssignableFrom<IOException>(result.Mirror!.Error);
        Assert.True(File.Exists(Path.Combine(_folders.Primary, result.FileName)));
    }

    [Fact]
    public async Task WriteAsync_PrimaryUnwritable_ReportedCriticalAndMirrorStillWritten()
    {
        File.WriteAllText(_folders.Primary, "a file where the primary folder should be");
        using var store = _folders.Store();

        var result = await store.WriteAsync(Document(1));

        Assert.True(result.IsCritical);
        Assert.False(result.Primary.CheckpointWritten);
        Assert.StartsWith($"not written to {result.Primary.Path}: ", result.Primary.Describe(), StringComparison.Ordinal);
        Assert.True(result.Mirror!.Succeeded);
    }

    [Fact]
    public async Task WriteAsync_NoMirror_WritesThePrimaryOnly()
    {
        _folders.Mirror = null;
        using var store = _folders.Store();

        var result = await store.WriteAsync(Document(1));

        Assert.True(result.Succeeded);
        Assert.Null(result.Mirror);
    }

    [Fact]
    public async Task WriteAsync_Cancelled_ThrowsAndLeavesNothing()
    {
        using var store = _folders.Store();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.WriteAsync(Document(1), new CancellationToken(canceled: true)));

        Assert.False(Directory.Exists(_folders.Primary) && Directory.EnumerateFileSystemEntries(_folders.Primary).Any());
    }

    [Fact]
    public void Constructor_MirrorIsThePrimary_ThrowsNamingBothSettings()
    {
        var options = new CheckpointStoreOptions { PrimaryDirectory = _folders.Primary, MirrorDirectory = _folders.Primary + "/" };

        var error = Assert.Throws<ArgumentException>(() => new FileCheckpointStore(options, _folders.Time, NullLogger<FileCheckpointStore>.Instance));

        Assert.Contains("MirrorDirectory must differ from PrimaryDirectory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_RetainZero_ThrowsNamingTheSetting()
    {
        var options = new CheckpointStoreOptions { PrimaryDirectory = _folders.Primary, Retain = 0 };

        var error = Assert.Throws<ValidationException>(() => new FileCheckpointStore(options, _folders.Time, NullLogger<FileCheckpointStore>.Instance));

        Assert.Contains("Retain", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folders.Dispose();
}
