using System.Buffers;
using System.Text;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.Storage;
using TaskMaster.Worker.Native;
using Microsoft.Win32.SafeHandles;

namespace TaskMaster.Worker;

/// <summary>
/// Appends one attempt to a task's log file: a header, its stdout lines, its stderr lines prefixed
/// <c>[stderr] </c>, and a footer with the outcome. Every attempt of a task shares one file, created
/// owner-only. The file is opened when the attempt first writes (or when its end has more to say
/// than the journal does): a successful attempt that wrote nothing leaves no trace here, since the
/// journal records it whole, and a silent task then costs no file (on ext4 creating one was the
/// largest cost of a no-op task; a 100k-task run kept 421 MB of such logs). The header keeps the
/// attempt's start time. An attempt's output is capped (<see cref="LogHeadAndTail"/>); header and
/// footer are always written with it. Each line goes to the file as one write, so the log can be
/// followed live and a full disk surfaces at once. Thread-safe: stdout and stderr are written from two readers.
/// </summary>
internal sealed class TaskLogWriter : IDisposable
{
    /// <summary>What marks a stderr line in the log.</summary>
    public const string StderrPrefix = TaskLogFormat.StderrPrefix;

    private readonly string _path;
    private readonly long _maxAttemptBytes;
    private readonly int _attempt;
    private readonly DateTimeOffset _startedAt;
    private readonly Lock _gate = new();
    private SafeFileHandle? _file;
    private long _end;
    private LogHeadAndTail? _output;
    private bool _finished;

    /// <param name="path">The task's log.</param>
    /// <param name="maxAttemptBytes">The most output bytes one attempt keeps; 0 for no limit.</param>
    /// <param name="attempt">The attempt's number, for its header and footer.</param>
    /// <param name="startedAt">When it started: the header's time, whenever the header is written.</param>
    public TaskLogWriter(string path, long maxAttemptBytes, int attempt, DateTimeOffset startedAt)
    {
        _path = path;
        _maxAttemptBytes = maxAttemptBytes;
        _attempt = attempt;
        _startedAt = startedAt;
    }

    /// <summary>Whether the attempt is in the log (it wrote something, or its footer was asked for).</summary>
    public bool Written
    {
        get { lock (_gate) return _file is not null; }
    }

    /// <summary>Bytes of this attempt's output left out of the log so far.</summary>
    public long CutBytes
    {
        get { lock (_gate) return _output?.CutBytes ?? 0; }
    }

    /// <summary>
    /// Ends the attempt in the log with its footer, if the attempt is in it; when it is not, only if
    /// <paramref name="record"/> (its end says more than the journal will: a failure, processes left
    /// running) or the task already has a log (an earlier attempt is in it: a log that told of a
    /// failure and then fell silent would read as if the task had failed). Writes nothing after the first call.
    /// </summary>
    /// <exception cref="IOException">The log could not be opened or written.</exception>
    public void Finish(DateTimeOffset at, string outcome, bool record)
    {
        lock (_gate)
        {
            if (_finished) return;
            _finished = true;
            if (_file is null && !record && !File.Exists(_path)) return;
            var output = Opened();
            output.Finish();
            _end = output.End;
            _output = null;
            WriteFramingLine(TaskLogFormat.Footer(_attempt, at, outcome));
        }
    }

    public void WriteStdout(string line) => WriteOutput(null, line);

    public void WriteStderr(string line) => WriteOutput(StderrPrefix, line);

    /// <summary>Closes the file. A failure here is not thrown again: the write that failed already was.</summary>
    public void Dispose()
    {
        try
        {
            lock (_gate)
            {
                _output?.Dispose();
                _file?.Dispose();
            }
        }
        catch (IOException)
        {
        }
    }

    private void WriteOutput(string? prefix, string line)
    {
        lock (_gate)
        {
            if (_finished) throw new InvalidOperationException("output written after the attempt's end");
            Encode(prefix, line, Opened().Append);
        }
    }

    /// <summary>The attempt's output in the log, opening the log and writing the header the first time.</summary>
    private LogHeadAndTail Opened()
    {
        if (_output is not null) return _output;
        PrivateFiles.CreateParentOf(_path);
        // The ring of an attempt whose executor was killed is of no use to anyone.
        var ringPath = _path + ".tail";
        File.Delete(ringPath);
        // Readers (a dashboard tailing the log) may have it open at the same time: nothing is locked.
        _file = NativeFile.OpenOrCreate(_path);
        try
        {
            _end = RandomAccess.GetLength(_file);
            WriteFramingLine(TaskLogFormat.Header(_attempt, _startedAt));
        }
        catch
        {
            _file.Dispose();
            _file = null;
            throw;
        }
        return _output = new LogHeadAndTail(_file, ringPath, _end, _maxAttemptBytes);
    }

    private void WriteFramingLine(string line)
    {
        _end += Encode(null, line, bytes => RandomAccess.Write(_file!, bytes, _end));
    }

    /// <summary>Hands <paramref name="write"/> the line's UTF-8 bytes with its newline; their count.</summary>
    private static int Encode(string? prefix, string line, SpanAction write)
    {
        var length = Encoding.UTF8.GetByteCount(prefix ?? "") + Encoding.UTF8.GetByteCount(line) + 1;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = prefix is null ? 0 : Encoding.UTF8.GetBytes(prefix, buffer);
            written += Encoding.UTF8.GetBytes(line, buffer.AsSpan(written));
            buffer[written++] = (byte)'\n';
            write(buffer.AsSpan(0, written));
            return written;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private delegate void SpanAction(ReadOnlySpan<byte> bytes);
}
