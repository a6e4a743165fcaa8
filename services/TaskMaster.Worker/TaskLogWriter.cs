using System.Buffers;
using System.Text;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.Storage;

namespace TaskMaster.Worker;

/// <summary>
/// Appends one attempt to a task's log file: a header, its stdout lines, its stderr lines prefixed
/// <c>[stderr] </c>, and a footer with the outcome. Every attempt of a task shares one file, created
/// owner-only. An attempt's output is capped (<see cref="LogHeadAndTail"/>); header and footer are
/// always written. Each line goes to the file as one write, so the log can be followed live and a
/// full disk surfaces at once. Thread-safe: stdout and stderr are written from two readers.
/// </summary>
internal sealed class TaskLogWriter : IDisposable
{
    /// <summary>What marks a stderr line in the log.</summary>
    public const string StderrPrefix = TaskLogFormat.StderrPrefix;

    private readonly FileStream _file;
    private readonly string _ringPath;
    private readonly long _maxAttemptBytes;
    private readonly Lock _gate = new();
    private long _end;
    private LogHeadAndTail? _output;

    private TaskLogWriter(FileStream file, string ringPath, long maxAttemptBytes)
    {
        _file = file;
        _ringPath = ringPath;
        _maxAttemptBytes = maxAttemptBytes;
        _end = RandomAccess.GetLength(file.SafeFileHandle);
    }

    /// <summary>Opens the log for appending, creating it and its folder when needed.</summary>
    /// <param name="maxAttemptBytes">The most output bytes one attempt keeps; 0 for no limit.</param>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public static TaskLogWriter Open(string path, long maxAttemptBytes)
    {
        PrivateFiles.CreateParentOf(path);
        // Readers (a dashboard tailing the log) may have it open at the same time.
        // The ring of an attempt whose executor was killed is of no use to anyone.
        var ringPath = path + ".tail";
        File.Delete(ringPath);
        return new TaskLogWriter(
            PrivateFiles.Open(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0), ringPath, maxAttemptBytes);
    }

    /// <summary>Bytes of this attempt's output left out of the log so far.</summary>
    public long CutBytes
    {
        get { lock (_gate) return _output?.CutBytes ?? 0; }
    }

    public void WriteHeader(int attempt, DateTimeOffset at)
    {
        lock (_gate)
        {
            WriteFramingLine(TaskLogFormat.Header(attempt, at));
            _output?.Dispose();
            _output = new LogHeadAndTail(_file.SafeFileHandle, _ringPath, _end, _maxAttemptBytes);
        }
    }

    public void WriteFooter(int attempt, DateTimeOffset at, string outcome)
    {
        lock (_gate)
        {
            if (_output is not null)
            {
                _output.Finish();
                _end = _output.End;
                _output = null;
            }
            WriteFramingLine(TaskLogFormat.Footer(attempt, at, outcome));
        }
    }

    public void WriteStdout(string line) => WriteOutput(null, line);

    public void WriteStderr(string line) => WriteOutput(StderrPrefix, line);

    /// <summary>Closes the file. A failure here is not thrown again: the write that failed already was.</summary>
    public void Dispose()
    {
        try
        {
            lock (_gate) _output?.Dispose();
            _file.Dispose();
        }
        catch (IOException)
        {
        }
    }

    private void WriteOutput(string? prefix, string line)
    {
        lock (_gate)
        {
            if (_output is null) throw new InvalidOperationException("output written outside an attempt");
            Encode(prefix, line, _output.Append);
        }
    }

    private void WriteFramingLine(string line)
    {
        _end += Encode(null, line, bytes => RandomAccess.Write(_file.SafeFileHandle, bytes, _end));
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
