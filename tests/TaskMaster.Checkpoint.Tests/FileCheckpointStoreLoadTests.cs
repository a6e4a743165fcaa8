using TaskMaster.Checkpoint.Tests.Support;
using TaskMaster.Core.Checkpoints;
using static TaskMaster.Checkpoint.Tests.Support.CheckpointFolders;

namespace TaskMaster.Checkpoint.Tests;

public sealed class FileCheckpointStoreLoadTests : IDisposable
{
    private readonly CheckpointFolders _folders = new();

    [Fact]
    public async Task LoadNewestValidAsync_NewestCorrupted_FallsBackToTheOlderAndReportsTheRefusedOne()
    {
        _folders.Mirror = null;
        using var store = _folders.Store();
        var written = await WriteAsync(store, 2);
        Corrupt(written[1].Primary.Path);

        var result = await store.LoadNewestValidAsync();

        Assert.Equal(1, result.Document?.Sequence);
        var refused = Assert.Single(result.Refused);
        Assert.Equal(written[1].Primary.Path, refused.Path);
        Assert.Equal(CheckpointRefusalKind.ChecksumMismatch, refused.Refusal.Kind);
        Assert.StartsWith($"{written[1].Primary.Path} refused (checksum mismatch: ", result.Describe(), StringComparison.Ordinal);
        Assert.EndsWith($"; fell back to {written[0].Primary.Path}", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadNewestValidAsync_EveryPrimaryFileInvalid_UsesTheMirrorAndSaysSo()
    {
        using var store = _folders.Store();
        var written = await WriteAsync(store, 2);
        foreach (var result in written) Corrupt(result.Primary.Path);

        var loaded = await store.LoadNewestValidAsync();

        Assert.Equal(CheckpointLocation.Mirror, loaded.Location);
        Assert.Equal(written[1].Mirror!.Path, loaded.Path);
        Assert.EndsWith($"fell back to {written[1].Mirror!.Path} (mirror)", loaded.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadNewestValidAsync_NewestPrimaryCorrupted_PrefersTheMirrorsCopyToAnOlderCheckpoint()
    {
        using var store = _folders.Store();
        var written = await WriteAsync(store, 2);
        Corrupt(written[1].Primary.Path);

        var loaded = await store.LoadNewestValidAsync();

        Assert.Equal(2, loaded.Document?.Sequence);
        Assert.Equal(written[1].Mirror!.Path, loaded.Path);
    }

    [Fact]
    public async Task LoadNewestValidAsync_NothingValid_NotFoundWithEveryReason()
    {
        _folders.Mirror = null;
        using var store = _folders.Store();
        foreach (var result in await WriteAsync(store, 2)) File.WriteAllText(result.Primary.Path, "{\"run_id\":");

        var loaded = await store.LoadNewestValidAsync();

        Assert.False(loaded.Found);
        Assert.Equal(2, loaded.Refused.Count);
        Assert.All(loaded.Refused, r => Assert.Equal(CheckpointRefusalKind.Truncated, r.Refusal.Kind));
        Assert.StartsWith("no valid checkpoint: ", loaded.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadNewestValidAsync_NoFolders_NotFound()
    {
        using var store = _folders.Store();

        var loaded = await store.LoadNewestValidAsync();

        Assert.False(loaded.Found);
        Assert.Equal("no checkpoint found", loaded.Describe());
    }

    [Fact]
    public async Task LoadNewestValidAsync_NewestFromAnotherQueue_RefusedByTheExtraCheck()
    {
        using var store = _folders.Store();
        await store.WriteAsync(Document(1));
        await store.WriteAsync(Document(2, queueHash: new string('0', 64)));
        var expected = new CheckpointExpectations(Document(1).Queue.Hash, "/work/demo/task-queue.md");

        var loaded = await store.LoadNewestValidAsync(d => CheckpointValidation.Check(d, expected)?.Reason);

        Assert.Equal(1, loaded.Document?.Sequence);
        Assert.All(loaded.Refused, r => Assert.StartsWith("checkpoint belongs to queue 'demo'", r.Refusal.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task LoadAsync_CorruptedFile_RefusedWithTheReason()
    {
        using var store = _folders.Store();
        var written = await store.WriteAsync(Document(1));
        Corrupt(written.Primary.Path);

        var loaded = await store.LoadAsync(written.Primary.Path);

        Assert.False(loaded.Found);
        Assert.Equal(CheckpointRefusalKind.ChecksumMismatch, Assert.Single(loaded.Refused).Refusal.Kind);
    }

    [Fact]
    public async Task LoadAsync_MissingFile_RefusedAsUnreadable()
    {
        using var store = _folders.Store();

        var loaded = await store.LoadAsync(Path.Combine(_folders.Root, "nowhere.json"));

        Assert.Equal(CheckpointRefusalKind.Unreadable, Assert.Single(loaded.Refused).Refusal.Kind);
    }

    [Fact]
    public async Task List_BothFolders_NewestFirstPrimaryBeforeMirror()
    {
        using var store = _folders.Store();
        await WriteAsync(store, 2);

        var listed = store.List();

        Assert.Equal(
            [(2L, CheckpointLocation.Primary), (2L, CheckpointLocation.Mirror), (1L, CheckpointLocation.Primary), (1L, CheckpointLocation.Mirror)],
            listed.Select(c => (c.Sequence, c.Location)));
        Assert.Equal("run-20261124-103000-ab12", listed[0].RunId);
        Assert.Equal("interval", listed[0].Reason);
    }

    public void Dispose() => _folders.Dispose();
}
