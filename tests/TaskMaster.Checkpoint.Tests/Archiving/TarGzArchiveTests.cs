using TaskMaster.Checkpoint.Archiving;

namespace TaskMaster.Checkpoint.Tests.Archiving;

public sealed class TarGzArchiveTests : IDisposable
{
    private static readonly string[] Names = ["a", "b"];

    private readonly string _root = Directory.CreateTempSubdirectory("taskmaster-targz-").FullName;

    [Fact]
    public async Task VerifyAsync_UnchangedOriginals_Passes()
    {
        var entries = await WriteArchiveAsync();

        await TarGzArchive.VerifyAsync(ArchivePath, entries, CancellationToken.None);
    }

    [Fact]
    public async Task VerifyAsync_OriginalDiffersFromTheArchive_ThrowsNamingTheEntry()
    {
        var entries = await WriteArchiveAsync();
        File.AppendAllText(entries[1].SourcePath, "more");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => TarGzArchive.VerifyAsync(ArchivePath, entries, CancellationToken.None));

        Assert.Contains("entry logs/b.jsonl differs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_ArchiveLacksAnEntry_Throws()
    {
        var entries = await WriteArchiveAsync();
        var extra = Path.Combine(_root, "c.jsonl");
        File.WriteAllText(extra, "c");

        await Assert.ThrowsAsync<InvalidDataException>(() =>
            TarGzArchive.VerifyAsync(ArchivePath, [.. entries, new ArchiveEntry(extra, "logs/c.jsonl", ArchivedKind.Log, 1)], CancellationToken.None));
    }

    private string ArchivePath => Path.Combine(_root, "out.tar.gz");

    private async Task<IReadOnlyList<ArchiveEntry>> WriteArchiveAsync()
    {
        var entries = Names.Select(name =>
        {
            var path = Path.Combine(_root, name + ".jsonl");
            File.WriteAllText(path, name + "\n");
            return new ArchiveEntry(path, $"logs/{name}.jsonl", ArchivedKind.Log, 2);
        }).ToList();
        await TarGzArchive.WriteAsync(_root, "out.tar.gz", entries, CancellationToken.None);
        return entries;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
