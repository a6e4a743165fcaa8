using System.Formats.Tar;
using System.IO.Compression;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TaskMaster.Checkpoint.Archiving;
using TaskMaster.Core.Scheduling;
using TaskMaster.LocalHome;

namespace TaskMaster.Checkpoint.Tests.Archiving;

/// <summary>A TaskMaster home in a temporary directory with its checkpoint store and archiver; files are aged by setting their write time.</summary>
internal sealed class ArchiveHome : IDisposable
{
    public static readonly TimeSpan Month = TimeSpan.FromDays(30);

    private readonly string _root = Directory.CreateTempSubdirectory("taskmaster-archive-").FullName;

    public ArchiveHome(bool mirror = true)
    {
        Layout = new HomeLayout(Path.Combine(_root, "home"));
        var options = CheckpointStoreOptions.For(Layout);
        if (!mirror) options.MirrorDirectory = null;
        Store = new FileCheckpointStore(options, Time, NullLogger<FileCheckpointStore>.Instance);
        Archiver = new CheckpointArchiver(Store, Layout, Time, NullLogger<CheckpointArchiver>.Instance);
    }

    public HomeLayout Layout { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero));

    public FileCheckpointStore Store { get; }

    public CheckpointArchiver Archiver { get; }

    /// <summary>Makes <paramref name="paths"/> last written <paramref name="days"/> days before now.</summary>
    public void Age(int days, params IEnumerable<string> paths)
    {
        foreach (var path in paths) File.SetLastWriteTimeUtc(path, Time.GetUtcNow().UtcDateTime.AddDays(-days));
    }

    /// <summary>Writes a file under the home (folders created), <paramref name="days"/> old.</summary>
    public string Write(string relativePath, string content, int days)
    {
        var path = Path.Combine(Layout.Home, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        Age(days, path);
        return path;
    }

    /// <summary>The archive's entries, extracted: entry name to bytes.</summary>
    public static Dictionary<string, byte[]> ReadArchive(string archivePath)
    {
        var entries = new Dictionary<string, byte[]>();
        using var gzip = new GZipStream(File.OpenRead(archivePath), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            using var content = new MemoryStream();
            entry.DataStream?.CopyTo(content);
            entries[entry.Name] = content.ToArray();
        }

        return entries;
    }

    public void Dispose()
    {
        Store.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
