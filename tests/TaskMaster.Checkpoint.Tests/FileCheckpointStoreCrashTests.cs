using TaskMaster.Checkpoint.Tests.Support;
using TaskMaster.Core.Checkpoints;
using static TaskMaster.Checkpoint.Tests.Support.CheckpointFolders;

namespace TaskMaster.Checkpoint.Tests;

/// <summary>What a crash between write and rename leaves behind: files named <c>.tmp-*</c>, whole or cut short.</summary>
public sealed class FileCheckpointStoreCrashTests : IDisposable
{
    private readonly CheckpointFolders _folders = new();

    [Fact]
    public async Task LoadNewestValidAsync_TemporaryFilesOfANewerCheckpoint_NeverLoaded()
    {
        using var store = _folders.Store();
        await store.WriteAsync(Document(1));
        var (whole, half) = LeaveCrashedWrite(_folders.Primary, Document(2));

        var loaded = await store.LoadNewestValidAsync();

        Assert.Equal(1, loaded.Document?.Sequence);
        Assert.DoesNotContain(loaded.Refused, r => r.Path == whole || r.Path == half);
        Assert.DoesNotContain(store.List(), c => c.Path == whole || c.Path == half);
    }

    [Fact]
    public async Task LoadNewestValidAsync_HalfWrittenCheckpointFile_RefusedAsTruncated()
    {
        _folders.Mirror = null;
        using var store = _folders.Store();
        var written = await WriteAsync(store, 2);
        var bytes = File.ReadAllBytes(written[1].Primary.Path);
        File.WriteAllBytes(written[1].Primary.Path, bytes[..(bytes.Length / 2)]);

        var loaded = await store.LoadNewestValidAsync();

        Assert.Equal(1, loaded.Document?.Sequence);
        Assert.Equal(CheckpointRefusalKind.Truncated, Assert.Single(loaded.Refused).Refusal.Kind);
    }

    [Fact]
    public async Task CleanStrayTempFiles_AfterACrash_RemovesTheTemporaryFilesOnly()
    {
        using var store = _folders.Store();
        var written = await store.WriteAsync(Document(1));
        var (whole, half) = LeaveCrashedWrite(_folders.Primary, Document(2));
        var (mirrorWhole, _) = LeaveCrashedWrite(_folders.Mirror!, Document(2));

        var removed = store.CleanStrayTempFiles();

        Assert.Contains(whole, removed);
        Assert.Contains(half, removed);
        Assert.Contains(mirrorWhole, removed);
        Assert.Empty(TempFiles(_folders.Primary));
        Assert.True(File.Exists(written.Primary.Path));
        Assert.True(File.Exists(Path.Combine(_folders.Primary, "latest.json")));
    }

    [Fact]
    public void CleanStrayTempFiles_NoFolders_RemovesNothing()
    {
        using var store = _folders.Store();

        Assert.Empty(store.CleanStrayTempFiles());
    }

    /// <summary>A whole temporary file (crash after fsync, before rename) and a half-written one (crash during write).</summary>
    private static (string Whole, string Half) LeaveCrashedWrite(string directory, CheckpointDocument document)
    {
        var bytes = CheckpointCodec.Encode(document);
        var whole = Path.Combine(directory, $".tmp-{FileName(document)}-0badf00d");
        var half = Path.Combine(directory, ".tmp-latest.json-deadbeef");
        File.WriteAllBytes(whole, bytes);
        File.WriteAllBytes(half, bytes[..(bytes.Length / 2)]);
        return (whole, half);
    }

    public void Dispose() => _folders.Dispose();
}
