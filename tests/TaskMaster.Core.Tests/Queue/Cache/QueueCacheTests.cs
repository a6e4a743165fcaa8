using System.Runtime.Versioning;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Queue.Cache;
using TaskMaster.Core.Storage;

namespace TaskMaster.Core.Tests.Queue.Cache;

/// <summary>The parsed queue reused while its file is unchanged, and never trusted when the entry is not exactly its own.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class QueueCacheTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("taskmaster-queue-cache-").FullName;
    private readonly string _queueFile;
    private readonly QueueCache _cache;

    public QueueCacheTests()
    {
        _queueFile = Path.Combine(_folder, "task-queue.md");
        File.WriteAllText(_queueFile, Queue("real"));
        _cache = new QueueCache(Path.Combine(_folder, "home", "cache", "queues"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ParseFile_FirstTime_ParsesAndKeepsAnOwnerOnlyEntry()
    {
        var result = _cache.ParseFile(_queueFile);

        Assert.Equal("real", result.Queue!.Name);
        var entry = _cache.EntryPath(result.Queue.ContentHash);
        Assert.True(File.Exists(entry));
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(entry));
        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(_cache.Folder));
    }

    [Fact]
    public void ParseFile_Unchanged_ReadsTheEntryInsteadOfParsing()
    {
        PlantEntry(_cache, "planted");

        var result = _cache.ParseFile(_queueFile);

        Assert.True(result.IsValid);
        Assert.Equal("planted", result.Queue!.Name);
        Assert.Equal(_queueFile, result.Queue.SourcePath);
        Assert.Equal(HashOfFile(), result.Queue.ContentHash);
    }

    [Fact]
    public void ParseFile_FileChanged_ParsesTheNewBytes()
    {
        _cache.ParseFile(_queueFile);
        File.WriteAllText(_queueFile, Queue("edited"));

        var result = _cache.ParseFile(_queueFile);

        Assert.Equal("edited", result.Queue!.Name);
        Assert.Equal(2, Directory.GetFiles(_cache.Folder, "*" + QueueCache.Extension).Length);
    }

    [Theory]
    [InlineData("payload byte flipped")]
    [InlineData("cut short")]
    [InlineData("empty")]
    [InlineData("header only")]
    public void ParseFile_DamagedEntry_IsIgnoredAndWrittenAgain(string damage)
    {
        var entry = PlantEntry(_cache, "planted");
        var bytes = File.ReadAllBytes(entry);
        bytes = damage switch
        {
            "payload byte flipped" => Flipped(bytes, bytes.Length - 3),
            "cut short" => bytes[..^5],
            "empty" => [],
            _ => bytes[..92],
        };
        File.WriteAllBytes(entry, bytes);

        var result = _cache.ParseFile(_queueFile);

        Assert.Equal("real", result.Queue!.Name);
        Assert.Equal(_cache.Encode(QueueParser.ParseFile(_queueFile).Queue!), File.ReadAllBytes(entry));
    }

    [Fact]
    public void ParseFile_EntryOfAnotherParserBuild_IsIgnored()
    {
        PlantEntry(new QueueCache(_cache.Folder, Guid.NewGuid()), "planted");

        Assert.Equal("real", _cache.ParseFile(_queueFile).Queue!.Name);
    }

    [Fact]
    public void ParseFile_EntryOfAnotherFormatVersion_IsIgnored()
    {
        var entry = PlantEntry(_cache, "planted");
        var bytes = File.ReadAllBytes(entry);
        bytes[4] = QueueCache.FormatVersion + 1;
        File.WriteAllBytes(entry, bytes);

        Assert.Equal("real", _cache.ParseFile(_queueFile).Queue!.Name);
    }

    [Fact]
    public void ParseFile_EntryOfOtherBytesUnderThisKey_IsIgnored()
    {
        var other = Path.Combine(_folder, "other.md");
        File.WriteAllText(other, Queue("other"));
        var otherHash = _cache.ParseFile(other).Queue!.ContentHash;
        File.Copy(_cache.EntryPath(otherHash), _cache.EntryPath(HashOfFile()));

        Assert.Equal("real", _cache.ParseFile(_queueFile).Queue!.Name);
    }

    [Fact]
    public void ParseFile_InvalidQueue_ReportsItsErrorsAndKeepsNothing()
    {
        File.WriteAllText(_queueFile, "# q\n\n### t: T\n");

        var result = _cache.ParseFile(_queueFile, "task-queue.md");

        Assert.Equal("task-queue.md:3: task `t` is missing a command: add `- run: <command>` or a fenced ```sh block", Assert.Single(result.Errors).ToString());
        Assert.False(Directory.Exists(_cache.Folder));
    }

    [Fact]
    public void ParseFile_MissingFile_ReportsItCannotBeRead()
    {
        var error = Assert.Single(_cache.ParseFile(Path.Combine(_folder, "absent.md"), "absent.md").Errors);

        Assert.StartsWith("cannot read the file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseFile_UnwritableFolder_StillParses()
    {
        var blocked = new QueueCache(Path.Combine(_queueFile, "not-a-folder"));

        Assert.Equal("real", blocked.ParseFile(_queueFile).Queue!.Name);
    }

    [Fact]
    public void ParseFile_MoreQueuesThanKept_OldestEntriesDeleted()
    {
        for (var i = 0; i < QueueCache.MaxEntries + 3; i++)
        {
            File.WriteAllText(_queueFile, Queue($"q{i}"));
            var hash = _cache.ParseFile(_queueFile).Queue!.ContentHash;
            File.SetLastWriteTimeUtc(_cache.EntryPath(hash), DateTime.UtcNow.AddMinutes(i - 100));
        }

        Assert.Equal(QueueCache.MaxEntries, Directory.GetFiles(_cache.Folder, "*" + QueueCache.Extension).Length);
        Assert.Equal("q10", _cache.ParseFile(_queueFile).Queue!.Name);
    }

    private static string Queue(string name) => $"# {name}\n\n### a: A\n- run: `true`\n\n### b: B\n- depends: a\n- run: `true`\n";

    private string HashOfFile() => QueueParser.ParseFile(_queueFile).Queue!.ContentHash;

    /// <summary>An entry for the queue file's bytes that holds another model: only reading the entry can give it.</summary>
    private string PlantEntry(QueueCache cache, string name)
    {
        var planted = QueueParsing.Valid(Queue(name)) with { ContentHash = HashOfFile() };
        var entry = cache.EntryPath(planted.ContentHash);
        Directory.CreateDirectory(cache.Folder);
        File.WriteAllBytes(entry, cache.Encode(planted));
        return entry;
    }

    private static byte[] Flipped(byte[] bytes, int at)
    {
        bytes[at] ^= 0x20;
        return bytes;
    }
}
