using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using TaskMaster.Checkpoint.Storage;

namespace TaskMaster.Checkpoint.Archiving;

/// <summary>A <c>.tar.gz</c> of files, written crash-safely and read back against the originals before they may go.</summary>
internal static class TarGzArchive
{
    /// <summary>Writes the archive under its final name only once it is whole and on disk.</summary>
    public static Task WriteAsync(string directory, string fileName, IReadOnlyList<ArchiveEntry> entries, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(directory, fileName, async (stream, token) =>
        {
            await using var gzip = new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
            await using var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true);
            foreach (var entry in entries) await tar.WriteEntryAsync(entry.SourcePath, entry.EntryName, token);
        }, cancellationToken);

    /// <summary>Every entry is there exactly once and has the same bytes as its original.</summary>
    /// <exception cref="InvalidDataException">An entry is missing, unexpected or differs; the message says which.</exception>
    public static async Task VerifyAsync(string archivePath, IReadOnlyList<ArchiveEntry> entries, CancellationToken cancellationToken)
    {
        var expected = entries.ToDictionary(e => e.EntryName);
        await using var file = File.OpenRead(archivePath);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (!expected.Remove(entry.Name, out var source))
                throw new InvalidDataException($"{archivePath}: unexpected entry {entry.Name}");
            var archived = entry.DataStream is { } data ? await SHA256.HashDataAsync(data, cancellationToken) : SHA256.HashData(ReadOnlySpan<byte>.Empty);
            await using var original = File.OpenRead(source.SourcePath);
            var originalHash = await SHA256.HashDataAsync(original, cancellationToken);
            if (!archived.AsSpan().SequenceEqual(originalHash))
                throw new InvalidDataException($"{archivePath}: entry {entry.Name} differs from {source.SourcePath}");
        }

        if (expected.Count > 0)
            throw new InvalidDataException($"{archivePath}: {expected.Count} file(s) missing, e.g. {expected.Keys.First()}");
    }
}
