using TaskMaster.Core.Storage;

namespace TaskMaster.Checkpoint.Journal;

/// <summary>
/// The writing end of a journal's mirror: the same bytes as the journal, written and fsynced on a
/// pool thread so that the journal's own fsync runs meanwhile.
/// </summary>
internal sealed class MirrorWriter : IDisposable
{
    private readonly FileStream _stream;
    private readonly Action<object?> _write;
    private ReadOnlyMemory<byte> _bytes;
    private long _durableLength;

    private MirrorWriter(string path, FileStream stream)
    {
        Path = path;
        _stream = stream;
        _durableLength = stream.Position;
        _write = static s => ((MirrorWriter)s!).Write();
    }

    public string Path { get; }

    /// <summary>
    /// Opens the mirror and makes it hold exactly the journal's <paramref name="content"/>: what it
    /// already has in common is kept, the rest rewritten. <paramref name="existing"/> is the mirror as
    /// read, or null when it was not (its length then tells whether it is behind); a copy of it is set
    /// aside first when <paramref name="cutAt"/> says acknowledged events are being cut.
    /// </summary>
    /// <exception cref="IOException">It could not be created or brought in line.</exception>
    public static MirrorWriter Attach(string path, ReadOnlySpan<byte> content, byte[]? existing, long? cutAt)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        PrivateFiles.CreateDirectory(directory);
        var created = !File.Exists(path);
        if (cutAt is { } sequence && !created) Storage.FileCut.KeepCopy(path, $"{path}.cut-{sequence}");
        var stream = PrivateFiles.Open(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1);
        try
        {
            // Same length and not read: the mirror was written with the journal's bytes, and a damaged
            // copy would be caught by its checksum the day it is needed; comparing 100 MB on every resume is not worth it.
            existing ??= stream.Length == content.Length ? null : ReadAll(stream);
            var same = existing is null ? content.Length : existing.AsSpan().CommonPrefixLength(content);
            stream.SetLength(same);
            stream.Seek(same, SeekOrigin.Begin);
            stream.Write(content[same..]);
            stream.Flush(flushToDisk: true);
            if (created) Storage.DirectorySync.Flush(directory);
            return new MirrorWriter(path, stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Writes and fsyncs <paramref name="bytes"/> on a pool thread; they must stay unchanged until it completes.</summary>
    public Task WriteAsync(ReadOnlyMemory<byte> bytes)
    {
        _bytes = bytes;
        return Task.Factory.StartNew(_write, this, CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
    }

    /// <summary>What was written is on disk: the point a later failure cuts back to.</summary>
    public void Committed() => _durableLength = _stream.Position;

    /// <summary>Cuts back to what was last committed (the journal's write failed, so the events will be written again).</summary>
    public bool TryCutToCommitted() => Storage.FileCut.TryTo(_stream, _durableLength);

    public void Dispose() => _stream.Dispose();

    private void Write()
    {
        _stream.Write(_bytes.Span);
        _stream.Flush(flushToDisk: true);
    }

    private static byte[] ReadAll(FileStream stream)
    {
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
