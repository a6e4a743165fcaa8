using System.Buffers.Binary;
using System.Security.Cryptography;

namespace TaskMaster.Core.Queue.Cache;

/// <summary>
/// Parsed queues kept under a home (<c>cache/queues/&lt;sha-256&gt;.queue</c>), so that a queue file
/// that has not changed is not parsed again: a resume, <c>status</c>, <c>runs</c>, <c>report</c> and
/// <c>validate</c> of a 100k-task queue read its model in milliseconds instead of parsing 5 MB of
/// Markdown. An entry is keyed by the SHA-256 of the file's bytes (the queue hash every run and
/// checkpoint records) and is used only when it verifies: this format, this build of the parser, the
/// same file bytes, and the SHA-256 of its own content. Anything else (damaged, cut short, of another
/// version, for other bytes) is ignored and written again from a real parse; the cache is never
/// trusted, and deleting it is always safe. Only valid queues are kept. Files are owner-only.
/// </summary>
public sealed class QueueCache
{
    /// <summary>The layout of an entry; a new one makes every older entry be ignored.</summary>
    public const int FormatVersion = 1;

    /// <summary>Entries kept: the newest, by when they were written; older ones are deleted when a new one is written.</summary>
    public const int MaxEntries = 8;

    internal const string Extension = ".queue";

    private static readonly byte[] Magic = "TMQC"u8.ToArray();
    private const int HashLength = 32;
    private const int HeaderLength = 4 + 4 + 16 + HashLength + 4 + HashLength;

    private readonly Guid _parserBuild;

    /// <param name="directory">Where the entries are (created when the first is written).</param>
    public QueueCache(string directory)
        : this(directory, typeof(QueueParser).Assembly.ManifestModule.ModuleVersionId)
    {
    }

    /// <param name="parserBuild">Which build of the parser wrote (and may read) an entry: another build may parse differently.</param>
    internal QueueCache(string directory, Guid parserBuild)
    {
        Folder = Path.GetFullPath(directory);
        _parserBuild = parserBuild;
    }

    public string Folder { get; }

    /// <summary>
    /// The queue in the file at <paramref name="path"/>, from the cache when an entry for exactly
    /// its bytes verifies, else parsed (and, when valid, kept for the next time).
    /// </summary>
    /// <inheritdoc cref="QueueParser.ParseFile" path="/param"/>
    public QueueParseResult ParseFile(string path, string? displayName = null)
    {
        var (content, failure) = QueueParser.ReadFile(path, displayName);
        if (failure is not null) return failure;
        var hash = QueueParser.HashOf(content);
        var fullPath = Path.GetFullPath(path);
        if (TryRead(hash, fullPath) is { } cached) return new QueueParseResult(cached, []);
        var decoded = QueueTextDecoder.Decode(content);
        // As QueueParser.ParseFile: the bytes are not kept through the parse.
        content = null;
        var parsed = QueueParser.Parse(decoded, fullPath, displayName ?? path, hash);
        if (parsed.IsValid) TryWrite(parsed.Queue!);
        return parsed;
    }

    internal string EntryPath(string contentHash) => Path.Combine(Folder, contentHash + Extension);

    /// <summary>An entry's bytes: the header that verifies it, then the model.</summary>
    internal byte[] Encode(QueueDefinition queue)
    {
        using var entry = new MemoryStream();
        Write(queue, entry);
        return entry.ToArray();
    }

    /// <summary>
    /// Writes an entry to <paramref name="file"/> (seekable, from its position) as the model is encoded: the
    /// payload's length and SHA-256 are known only at its end, so its header is written last, in front of it.
    /// No copy of the payload is held (at a million tasks it is ~50 MB, beside the queue it encodes).
    /// </summary>
    private void Write(QueueDefinition queue, Stream file)
    {
        var start = file.Position;
        Span<byte> header = stackalloc byte[HeaderLength];
        file.Write(header);
        using (var sha = SHA256.Create())
        {
            // Buffered in front of the hash: the model is written a few bytes at a time.
            using (var hashing = new CryptoStream(file, sha, CryptoStreamMode.Write, leaveOpen: true))
            using (var buffered = new BufferedStream(hashing, 1 << 16))
                QueueModelWriter.Write(queue, buffered);
            sha.Hash.CopyTo(header.Slice(60, HashLength));
        }
        var end = file.Position;
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], FormatVersion);
        _parserBuild.TryWriteBytes(header[8..]);
        Convert.FromHexString(queue.ContentHash, header.Slice(24, HashLength), out _, out _);
        BinaryPrimitives.WriteInt32LittleEndian(header[56..], checked((int)(end - start - HeaderLength)));
        file.Position = start;
        file.Write(header);
        file.Position = end;
    }

    private QueueDefinition? TryRead(string hash, string sourcePath)
    {
        byte[] entry;
        try
        {
            entry = File.ReadAllBytes(EntryPath(hash));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        if (!Verifies(entry, hash)) return null;
        try
        {
            return QueueModelReader.Decode(entry, HeaderLength, entry.Length - HeaderLength, sourcePath, hash);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private bool Verifies(ReadOnlySpan<byte> entry, string hash)
    {
        if (entry.Length < HeaderLength || !entry.StartsWith(Magic)) return false;
        if (BinaryPrimitives.ReadInt32LittleEndian(entry[4..]) != FormatVersion || new Guid(entry.Slice(8, 16)) != _parserBuild) return false;
        if (!Convert.ToHexStringLower(entry.Slice(24, HashLength)).Equals(hash, StringComparison.Ordinal)) return false;
        var payload = entry[HeaderLength..];
        if (BinaryPrimitives.ReadInt32LittleEndian(entry[56..]) != payload.Length) return false;
        Span<byte> actual = stackalloc byte[HashLength];
        SHA256.HashData(payload, actual);
        return actual.SequenceEqual(entry.Slice(60, HashLength));
    }

    // A cache that cannot be written (a read-only home, a full disk) only costs the next parse.
    private void TryWrite(QueueDefinition queue)
    {
        var target = EntryPath(queue.ContentHash);
        var temporary = $"{target}.{Environment.ProcessId}.tmp";
        try
        {
            Storage.PrivateFiles.CreateDirectory(Folder);
            using (var file = Storage.PrivateFiles.Open(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
                Write(queue, file);
            // Readers see the old entry or the new one, never half of one: a torn write is caught by the checksum anyway.
            File.Move(temporary, target, overwrite: true);
            Prune();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temporary); }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException) { /* the next write replaces it */ }
        }
    }

    private void Prune()
    {
        var entries = new DirectoryInfo(Folder).GetFiles("*" + Extension);
        if (entries.Length <= MaxEntries) return;
        foreach (var old in entries.OrderByDescending(f => f.LastWriteTimeUtc).Skip(MaxEntries)) old.Delete();
    }
}
