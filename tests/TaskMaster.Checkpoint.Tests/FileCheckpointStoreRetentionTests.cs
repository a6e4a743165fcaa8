using TaskMaster.Checkpoint.Tests.Support;
using static TaskMaster.Checkpoint.Tests.Support.CheckpointFolders;

namespace TaskMaster.Checkpoint.Tests;

public sealed class FileCheckpointStoreRetentionTests : IDisposable
{
    private readonly CheckpointFolders _folders = new();

    [Fact]
    public async Task WriteAsync_MoreThanRetain_KeepsTheNewestInEachFolder()
    {
        using var store = _folders.Store(retain: 3);

        await WriteAsync(store, 5);

        Assert.Equal([5, 4, 3, 5, 4, 3], store.List().OrderBy(c => c.Location).Select(c => c.Sequence));
        Assert.True(File.Exists(Path.Combine(_folders.Primary, "latest.json")));
    }

    [Fact]
    public async Task WriteAsync_ClockBehindTheKeptFiles_KeepsTheFileJustWritten()
    {
        using var store = _folders.Store(retain: 2);
        await WriteAsync(store, 2);

        var late = await store.WriteAsync(Document(3) with { Timestamp = Document(0).Timestamp });

        Assert.True(File.Exists(Path.Combine(_folders.Primary, late.FileName)));
    }

    public void Dispose() => _folders.Dispose();
}
