using TaskMaster.Checkpoint.Tests.Support;
using static TaskMaster.Checkpoint.Tests.Support.CheckpointFolders;

namespace TaskMaster.Checkpoint.Tests;

/// <summary>A home written before format 2: its checkpoints (and its latest.json, a full copy) are read, listed, pruned and fallen back to.</summary>
public sealed class FileCheckpointStoreFormat1Tests : IDisposable
{
    // The fixture's own name: sequence 3 of the sample's run, taken at T0.
    private const string Format1Name = "20261124T103000000Z-run-20261124-103000-ab12-000003-interval.json";

    private readonly CheckpointFolders _folders = new();

    [Fact]
    public async Task LoadAsync_Format1LatestJson_ReadAsTheCheckpointItIs()
    {
        Directory.CreateDirectory(_folders.Primary);
        var latest = Path.Combine(_folders.Primary, "latest.json");
        File.WriteAllBytes(latest, Format1File());
        using var store = _folders.Store();

        var loaded = await store.LoadAsync(latest);

        Assert.Equal((3L, 1, latest), (loaded.Document?.Sequence, loaded.Document?.FormatVersion, loaded.Path));
    }

    [Fact]
    public async Task LoadNewestValidAsync_NewerFormat2FilesAllCorrupted_FallsBackToTheFormat1File()
    {
        _folders.Mirror = null;
        Directory.CreateDirectory(_folders.Primary);
        File.WriteAllBytes(Path.Combine(_folders.Primary, Format1Name), Format1File());
        using var store = _folders.Store();
        foreach (var written in new[] { await store.WriteAsync(Document(4)), await store.WriteAsync(Document(5)) }) Corrupt(written.Primary.Path);

        var loaded = await store.LoadNewestValidAsync();

        Assert.Equal((3L, 1), (loaded.Document?.Sequence, loaded.Document?.FormatVersion));
        Assert.EndsWith(Format1Name, loaded.Path, StringComparison.Ordinal);
        Assert.Equal(2, loaded.Refused.Count);
    }

    [Fact]
    public async Task WriteAsync_MoreThanRetain_PrunesFormat1FilesAsTheOldest()
    {
        _folders.Mirror = null;
        Directory.CreateDirectory(_folders.Primary);
        File.WriteAllBytes(Path.Combine(_folders.Primary, Format1Name), Format1File());
        using var store = _folders.Store(retain: 2);

        await WriteAsync(store, 6);

        Assert.Equal([6L, 5L], store.List().Select(c => c.Sequence));
        Assert.False(File.Exists(Path.Combine(_folders.Primary, Format1Name)));
    }

    public void Dispose() => _folders.Dispose();
}
