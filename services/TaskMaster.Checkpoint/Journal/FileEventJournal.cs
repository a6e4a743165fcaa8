using System.Buffers;
using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.Storage;

namespace TaskMaster.Checkpoint.Journal;

/// <summary>
/// The durable journal of embedded runs: an append-only file of events, one a line. Appends are
/// buffered; <see cref="FlushAsync"/> writes them and fsyncs, so once the scheduler acts on an
/// event it survives a crash, a <c>kill -9</c> or a power cut. One flush per scheduler step: the
/// cost of durability is paid per batch, not per event.
/// </summary>
public sealed class FileEventJournal : IEventJournal
{
    private readonly FileStream _stream;
    private readonly ArrayBufferWriter<byte> _pending = new(64 * 1024);
    private readonly ArrayBufferWriter<byte> _scratch = new(1024);

    private long _durableLength;

    private FileEventJournal(string path, FileStream stream, long lastSequence)
    {
        Path = path;
        _stream = stream;
        _durableLength = stream.Position;
        LastSequence = lastSequence;
        DurableSequence = lastSequence;
    }

    public string Path { get; }

    /// <summary>Sequence number of the last event appended.</summary>
    public long LastSequence { get; private set; }

    /// <summary>Sequence number of the last event known to be on disk.</summary>
    public long DurableSequence { get; private set; }

    /// <summary>Starts a new journal; refuses to overwrite an existing one.</summary>
    public static FileEventJournal Create(string path)
    {
        PrivateFiles.CreateParentOf(path);
        var stream = PrivateFiles.Open(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1);
        Storage.DirectorySync.Flush(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        return new FileEventJournal(path, stream, 0);
    }

    /// <summary>
    /// Reopens a journal to go on appending after a crash: reads it, cuts a torn last line (a write
    /// the crash interrupted, never acknowledged), and positions after the last good event. Anything
    /// else that is cut (lines after a damaged one, or after <paramref name="throughSequence"/>) is
    /// first kept beside the journal as <c>journal.jsonl.cut-&lt;sequence&gt;</c>: nothing is destroyed.
    /// </summary>
    /// <param name="path">The journal file.</param>
    /// <param name="throughSequence">Keep events only up to this one (a resume from an earlier checkpoint).</param>
    public static (FileEventJournal Journal, JournalReadResult Read) OpenForAppend(string path, long throughSequence = long.MaxValue)
    {
        var read = JournalReader.Read(path, throughSequence: throughSequence);
        var lastSequence = read.LastSequence;
        if (new FileInfo(path).Length > read.GoodLength && !read.TornTail)
            PrivateFiles.WriteAllBytes($"{path}.cut-{lastSequence}", File.ReadAllBytes(path));
        var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
        stream.SetLength(read.GoodLength);
        stream.Seek(read.GoodLength, SeekOrigin.Begin);
        stream.Flush(flushToDisk: true);
        return (new FileEventJournal(path, stream, lastSequence), read);
    }

    public void Append(RunEvent e)
    {
        e.Sequence = ++LastSequence;
        JournalLine.Write(_pending, e, _scratch);
    }

    /// <summary>
    /// Writes the buffered events and fsyncs. On failure (disk full, I/O error) the file is cut back
    /// to its last durable line and the events stay buffered, so a later flush writes them again.
    /// </summary>
    public ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_pending.WrittenCount == 0) return ValueTask.CompletedTask;
        try
        {
            _stream.Write(_pending.WrittenSpan);
            _stream.Flush(flushToDisk: true);
        }
        catch (IOException)
        {
            TryCutToDurable();
            throw;
        }
        _pending.ResetWrittenCount();
        _durableLength = _stream.Position;
        DurableSequence = LastSequence;
        return ValueTask.CompletedTask;
    }

    private void TryCutToDurable()
    {
        try
        {
            _stream.SetLength(_durableLength);
            _stream.Seek(_durableLength, SeekOrigin.Begin);
        }
        catch (IOException)
        {
            // The disk refuses even that: the reader cuts the torn tail when the journal is next opened.
        }
    }

    public ValueTask DisposeAsync()
    {
        _stream.Dispose();
        return ValueTask.CompletedTask;
    }
}
