using TaskMaster.Checkpoint.Tests.Support;
using TaskMaster.Core.Checkpoints;
using static TaskMaster.Checkpoint.Tests.Support.CheckpointFolders;

namespace TaskMaster.Checkpoint.Tests;

/// <summary>The primary folder on a 64 KiB tmpfs, written to until the disk is full: a real ENOSPC.</summary>
public sealed class FileCheckpointStoreDiskFullTests : IDisposable
{
    private readonly CheckpointFolders _folders = new();
    private readonly TmpfsMount _disk = new();

    public FileCheckpointStoreDiskFullTests() => _folders.Primary = _disk.Directory;

    [Fact]
    public async Task WriteAsync_DiskFull_ReturnsACriticalFailureWithTheSystemsReason()
    {
        var (_, failed) = await FillAsync();

        Assert.True(failed.IsCritical);
        var error = Assert.IsAssignableFrom<IOException>(failed.Primary.Error);
        Assert.Contains("No space left on device", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_DiskFull_LeavesNoTemporaryFile()
    {
        await FillAsync();

        Assert.Empty(TempFiles(_folders.Primary));
    }

    [Fact]
    public async Task WriteAsync_DiskFull_LatestStillHoldsTheLastCheckpointWritten()
    {
        var (lastGood, _) = await FillAsync();

        Assert.Equal(lastGood, SequenceIn(Path.Combine(_folders.Primary, "latest.json")));
    }

    [Fact]
    public async Task WriteAsync_DiskFull_EveryCheckpointOnTheDiskStillVerifies()
    {
        await FillAsync();

        var files = Directory.GetFiles(_folders.Primary);
        Assert.NotEmpty(files);
        Assert.All(files, path => Assert.True(CheckpointFileReader.Read(path).Result.IsValid, path));
    }

    [Fact]
    public async Task WriteAsync_DiskFull_NewestValidCheckpointStillLoads()
    {
        var (lastGood, _) = await FillAsync();
        _folders.Mirror = null;
        using var primaryOnly = _folders.Store();

        var loaded = await primaryOnly.LoadNewestValidAsync();

        Assert.True(loaded.Document?.Sequence >= lastGood, loaded.Describe());
        Assert.Empty(loaded.Refused);
    }

    [Fact]
    public async Task WriteAsync_DiskFull_MirrorStillWritten()
    {
        var (_, failed) = await FillAsync();

        Assert.True(failed.Mirror!.Succeeded);
        Assert.True(File.Exists(failed.Mirror.Path));
    }

    /// <summary>Writes checkpoints until the primary fails; the last sequence that succeeded and the failure.</summary>
    private async Task<(long LastGood, CheckpointWriteResult Failed)> FillAsync()
    {
        using var store = _folders.Store();
        var document = Document(0);
        // A saved state that does not compress, so that the 64 KiB fill in a few writes; the bound turns
        // a broken mount into a clear failure.
        var state = new byte[6000];
        new Random(64).NextBytes(state);
        document = document with { IntermediateResults = new Dictionary<string, TaskIntermediateResult> { ["build"] = new(Convert.ToBase64String(state), "ab", []) } };
        long lastGood = 0;
        for (var sequence = 1; sequence <= 100; sequence++)
        {
            var result = await store.WriteAsync(document with { Sequence = sequence, Timestamp = document.Timestamp.AddMinutes(sequence) });
            if (!result.Succeeded) return (lastGood, result);
            lastGood = sequence;
        }

        Assert.Fail($"100 checkpoints fitted on the small disk at {_folders.Primary}: is it really a 64 KiB tmpfs?");
        return default;
    }

    public void Dispose()
    {
        _disk.Dispose();
        _folders.Dispose();
    }
}
