using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.Storage;

namespace TaskMaster.Checkpoint.Journal;

/// <summary>
/// The durable journal of embedded runs: an append-only file of events, one a line, and its mirror
/// (the same bytes in another folder). Appends are buffered; <see cref="FlushAsync"/> writes them to
/// both and fsyncs both at once, so once the scheduler acts on an event it survives a crash, a
/// <c>kill -9</c> or a power cut, and a record damaged later in one file is read from the other. One
/// flush per scheduler step: the cost of durability is paid per batch, not per event.
/// </summary>
public sealed partial class FileEventJournal : IEventJournal
{
    private readonly FileStream _stream;
    private readonly ArrayBufferWriter<byte> _pending = new(64 * 1024);
    private readonly ArrayBufferWriter<byte> _scratch = new(1024);
    private readonly Utf8JsonWriter _json = new(Stream.Null);
    private readonly ILogger _logger;
    private MirrorWriter? _mirror;

    private long _durableLength;

    private FileEventJournal(string path, FileStream stream, long lastSequence, ILogger? logger)
    {
        Path = path;
        _stream = stream;
        _durableLength = stream.Position;
        LastSequence = lastSequence;
        DurableSequence = lastSequence;
        _logger = logger ?? NullLogger.Instance;
    }

    public string Path { get; }

    /// <summary>The mirror being written, if any (null once it failed: see <see cref="MirrorProblem"/>).</summary>
    public string? MirrorPath => _mirror?.Path;

    /// <summary>Why the mirror is not written (any more), when it is not.</summary>
    public string? MirrorProblem { get; private set; }

    /// <summary>Sequence number of the last event appended.</summary>
    public long LastSequence { get; private set; }

    /// <summary>Sequence number of the last event known to be on disk.</summary>
    public long DurableSequence { get; private set; }

    /// <summary>Starts a new journal without a mirror; refuses to overwrite an existing one.</summary>
    public static FileEventJournal Create(string path) => Create(JournalFiles.Single(path));

    /// <summary>Starts a new journal and its mirror; refuses to overwrite an existing journal. A mirror that cannot be created is a warning.</summary>
    public static FileEventJournal Create(JournalFiles files, ILogger? logger = null)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(files.Path))!;
        PrivateFiles.CreateDirectory(directory);
        var stream = PrivateFiles.Open(files.Path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1);
        Storage.DirectorySync.Flush(directory);
        var journal = new FileEventJournal(files.Path, stream, 0, logger);
        if (files.WriteMirror && files.MirrorPath is { } mirror) journal.AttachMirror(mirror, ReadOnlySpan<byte>.Empty, [], cutAt: null);
        return journal;
    }

    /// <summary>
    /// Reopens a journal to go on appending after a crash: reads it (and its mirror), cuts a torn tail
    /// (writes a crash interrupted, never acknowledged), puts back records repaired from the mirror,
    /// brings the mirror in line, and positions after the last good event. Corruption (a damaged
    /// record followed by valid ones that the mirror cannot repair) is refused unless
    /// <see cref="JournalOpening.DiscardDamaged"/> accepts its loss. Anything acknowledged that is cut
    /// (after the damage, or after <see cref="JournalOpening.ThroughSequence"/>) is first kept beside
    /// the journal as <c>journal.jsonl.cut-&lt;sequence&gt;</c>, a repaired file as
    /// <c>journal.jsonl.damaged-&lt;sequence&gt;</c>: nothing is destroyed.
    /// </summary>
    /// <param name="files">The journal and its mirror.</param>
    /// <param name="opening">How far to keep it, and whether a damage's loss is accepted.</param>
    /// <param name="logger">Where a failing mirror is reported.</param>
    /// <param name="earlier">
    /// A read of these files made since nothing else wrote them (a resume's plan, under the home's lock), so that
    /// they are not read again; used when it reaches no further than <see cref="JournalOpening.ThroughSequence"/>.
    /// </param>
    /// <exception cref="JournalDamagedException">Corruption, and its loss was not accepted.</exception>
    public static (FileEventJournal Journal, JournalReadResult Read) OpenForAppend(
        JournalFiles files, JournalOpening? opening = null, ILogger? logger = null, JournalReadResult? earlier = null)
    {
        opening ??= new JournalOpening();
        var read = earlier is not null && earlier.LastSequence <= opening.ThroughSequence
            ? earlier
            : JournalReader.Read(files, throughSequence: opening.ThroughSequence);
        if (read.Damage is { } damage && !opening.DiscardDamaged) throw new JournalDamagedException(damage);
        var last = read.LastSequence;
        var cut = new FileInfo(files.Path).Length > read.GoodLength && !read.TornTail;
        if (cut) Storage.FileCut.KeepCopy(files.Path, $"{files.Path}.cut-{last}");
        else if (read.Repairs.Count > 0) Storage.FileCut.KeepCopy(files.Path, $"{files.Path}.damaged-{read.Repairs[0].Sequence}");

        if (read.Repairs.Count > 0)
        {
            // The repaired journal replaces the damaged file whole: a crash now leaves one or the other, and the mirror still holds the repaired records.
            var full = System.IO.Path.GetFullPath(files.Path);
            Storage.AtomicFile.Write(System.IO.Path.GetDirectoryName(full)!, System.IO.Path.GetFileName(full), read.Content.Span);
        }
        var stream = new FileStream(files.Path, FileMode.Open, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
        stream.SetLength(read.Content.Length);
        stream.Seek(read.Content.Length, SeekOrigin.Begin);
        stream.Flush(flushToDisk: true);
        var journal = new FileEventJournal(files.Path, stream, last, logger);
        if (files.MirrorPath is { } mirror)
        {
            if (files.WriteMirror) journal.AttachMirror(mirror, read.Content.Span, read.MirrorRead ? read.MirrorContent ?? [] : null, cut ? last : null);
            // Not written any more, it would soon hold less than the journal, or other events after a cut: gone rather than wrong.
            else Storage.FileRemoval.TryDelete(mirror, logger);
        }
        return (journal, read);
    }

    /// <summary>The journal alone, as before mirrors: reopened up to <paramref name="throughSequence"/>.</summary>
    public static (FileEventJournal Journal, JournalReadResult Read) OpenForAppend(string path, long throughSequence = long.MaxValue, bool discardDamaged = false) =>
        OpenForAppend(JournalFiles.Single(path), new JournalOpening(throughSequence, discardDamaged));

    public void Append(RunEvent e)
    {
        e.Sequence = ++LastSequence;
        JournalLine.Write(_pending, e, _scratch, _json);
    }

    /// <summary>
    /// Writes the buffered events and fsyncs (the journal and its mirror together). On failure of the
    /// journal (disk full, I/O error) both files are cut back to their last durable line and the events
    /// stay buffered, so a later flush writes them again. A failing mirror is a warning: it is left
    /// behind and the run goes on with the journal alone.
    /// </summary>
    public ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_pending.WrittenCount == 0) return ValueTask.CompletedTask;
        if (_mirror is { } mirror) return FlushBothAsync(mirror);
        WriteJournal();
        Committed();
        return ValueTask.CompletedTask;
    }

    // Both fsyncs at once, the mirror's on a pool thread while this one waits for the journal's: the
    // mirror costs the slower of two fsyncs (which on one disk largely share a commit), not their sum.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FlushBothAsync(MirrorWriter mirror)
    {
        var mirrored = mirror.WriteAsync(_pending.WrittenMemory);
        try
        {
            WriteJournal();
        }
        catch (IOException)
        {
            await Settled(mirrored).ConfigureAwait(false);
            if (!mirror.TryCutToCommitted()) AbandonMirror("it could not be cut back after the journal's write failed");
            throw;
        }
        if (await Settled(mirrored).ConfigureAwait(false) is { } failure) AbandonMirror(failure.Message);
        else mirror.Committed();
        Committed();
    }

    private static async Task<IOException?> Settled(Task mirrored)
    {
        try
        {
            await mirrored.ConfigureAwait(false);
            return null;
        }
        catch (IOException e)
        {
            return e;
        }
    }

    private void WriteJournal()
    {
        try
        {
            _stream.Write(_pending.WrittenSpan);
            _stream.Flush(flushToDisk: true);
        }
        catch (IOException)
        {
            Storage.FileCut.TryTo(_stream, _durableLength);
            throw;
        }
    }

    private void Committed()
    {
        _pending.ResetWrittenCount();
        _durableLength = _stream.Position;
        DurableSequence = LastSequence;
    }

    private void AttachMirror(string path, ReadOnlySpan<byte> content, byte[]? existing, long? cutAt)
    {
        try
        {
            _mirror = MirrorWriter.Attach(path, content, existing, cutAt);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            MirrorProblem = $"the journal's mirror {path} could not be written ({e.Message})";
            LogMirrorFailed(path, e.Message);
        }
    }

    private void AbandonMirror(string why)
    {
        var path = _mirror?.Path ?? "";
        _mirror?.Dispose();
        _mirror = null;
        MirrorProblem = $"the journal's mirror {path} failed ({why}); the run goes on with the journal alone";
        LogMirrorFailed(path, why);
    }

    public ValueTask DisposeAsync()
    {
        _stream.Dispose();
        _mirror?.Dispose();
        _json.Dispose();
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The journal's mirror {Path} failed ({Error}); the run goes on with the journal alone, which a damaged record can no longer be repaired from")]
    private partial void LogMirrorFailed(string path, string error);
}

/// <summary>How <see cref="FileEventJournal.OpenForAppend(JournalFiles, JournalOpening?, ILogger?, JournalReadResult?)"/> reopens a journal.</summary>
/// <param name="ThroughSequence">Keep events only up to this one (a resume from an earlier checkpoint).</param>
/// <param name="DiscardDamaged">Accept losing what follows a damaged record no mirror can repair (it is set aside, not destroyed).</param>
public sealed record JournalOpening(long ThroughSequence = long.MaxValue, bool DiscardDamaged = false);
