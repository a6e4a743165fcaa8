using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;
using TaskMaster.Core.Display;
using TaskMaster.Core.Storage;

namespace TaskMaster.Worker;

/// <summary>
/// One attempt's output in its task log, kept within a budget. The log is only ever appended to,
/// because readers follow it by byte offset (<c>task-master logs --follow</c>, the dashboard's pager).
/// Output goes to the log until it reaches half the budget (the head, ending after its last whole
/// line); the rest goes round a ring file of the other half beside the log; when the attempt ends the
/// ring is appended: whole when it never came round, else after a line <c>[… 1,234,567 bytes cut …]</c>
/// and from its first whole line. A line in the log says where output is held back, so that a person
/// following it knows why it pauses.
/// </summary>
/// <remarks>Not thread-safe: <see cref="TaskLogWriter"/> serialises the calls.</remarks>
internal sealed class LogHeadAndTail : IDisposable
{
    private const int CopyChunk = 1 << 20;
    // How far into the ring a line end is looked for before the kept tail starts mid-line.
    private const int LineSearch = 64 * 1024;

    private readonly SafeFileHandle _log;
    private readonly string _ringPath;
    private readonly long _start;
    private readonly long _headLimit;
    private readonly long _ringSize;
    private FileStream? _ring;
    private long _ringWritten;

    /// <param name="log">The log.</param>
    /// <param name="ringPath">Where the tail is kept while the attempt runs (removed when it ends).</param>
    /// <param name="start">Where the attempt's output begins (the end of the log).</param>
    /// <param name="budget">The most bytes kept; 0 for no limit.</param>
    public LogHeadAndTail(SafeFileHandle log, string ringPath, long start, long budget)
    {
        _log = log;
        _ringPath = ringPath;
        _start = start;
        _headLimit = budget / 2;
        _ringSize = budget - _headLimit;
        End = start;
    }

    /// <summary>Where the next write to the log goes: its end.</summary>
    public long End { get; private set; }

    /// <summary>Bytes of output left out so far.</summary>
    public long CutBytes { get; private set; }

    private bool Unlimited => _ringSize == 0;

    /// <summary>Appends one line (its newline included).</summary>
    public void Append(ReadOnlySpan<byte> line)
    {
        if (_ring is not null)
        {
            WriteToRing(line);
            return;
        }
        if (Unlimited || End - _start + line.Length <= _headLimit)
        {
            WriteToLog(line);
            return;
        }
        // A first line longer than the head keeps its start; otherwise the head ends with the line before.
        var headPart = End == _start ? CharacterBoundary(line, (int)Math.Min(_headLimit, line.Length)) : 0;
        WriteToLog(line[..headPart]);
        var midLine = headPart > 0 ? "\n" : "";
        WriteToLog(Utf8($"{midLine}[… the output from here on is written when the attempt ends: a task log keeps the first and the last {HumanBytes.Format(_ringSize)} of each attempt …]\n"));
        _ring = PrivateFiles.Open(_ringPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, bufferSize: 0, FileOptions.DeleteOnClose);
        WriteToRing(line[headPart..]);
    }

    /// <summary>Appends what the ring kept, once the attempt's output is complete.</summary>
    public void Finish()
    {
        if (_ring is null) return;
        var handle = _ring.SafeFileHandle;
        var wrapped = _ringWritten > _ringSize;
        var oldest = wrapped ? _ringWritten % _ringSize : 0;
        var kept = Math.Min(_ringWritten, _ringSize);
        if (wrapped)
        {
            var skip = FirstLineStart(handle, oldest, kept);
            CutBytes = _ringWritten - kept + skip;
            oldest = (oldest + skip) % _ringSize;
            kept -= skip;
            WriteToLog(Utf8($"[… {CutBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes cut …]\n"));
        }
        CopyFromRing(handle, oldest, kept);
        Dispose();
    }

    public void Dispose()
    {
        _ring?.Dispose();
        _ring = null;
    }

    private void WriteToLog(ReadOnlySpan<byte> bytes)
    {
        RandomAccess.Write(_log, bytes, End);
        End += bytes.Length;
    }

    private void WriteToRing(ReadOnlySpan<byte> bytes)
    {
        // Only the last ring's worth of a long write can survive.
        if (bytes.Length > _ringSize)
        {
            _ringWritten += bytes.Length - _ringSize;
            bytes = bytes[^(int)_ringSize..];
        }
        while (bytes.Length > 0)
        {
            var at = _ringWritten % _ringSize;
            var part = (int)Math.Min(bytes.Length, _ringSize - at);
            RandomAccess.Write(_ring!.SafeFileHandle, bytes[..part], at);
            _ringWritten += part;
            bytes = bytes[part..];
        }
        CutBytes = Math.Max(0, _ringWritten - _ringSize);
    }

    private void CopyFromRing(SafeFileHandle ring, long from, long length)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyChunk);
        try
        {
            for (long done = 0; done < length;)
            {
                var at = (from + done) % _ringSize;
                var want = (int)Math.Min(Math.Min(CopyChunk, length - done), _ringSize - at);
                var read = RandomAccess.Read(ring, buffer.AsSpan(0, want), at);
                if (read <= 0) break;
                WriteToLog(buffer.AsSpan(0, read));
                done += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>How many of the ring's oldest bytes to drop so that the kept tail starts a line (or at least a character).</summary>
    private long FirstLineStart(SafeFileHandle ring, long oldest, long kept)
    {
        var search = (int)Math.Min(LineSearch, kept);
        var buffer = ArrayPool<byte>.Shared.Rent(search);
        try
        {
            var first = (int)Math.Min(search, _ringSize - oldest);
            RandomAccess.Read(ring, buffer.AsSpan(0, first), oldest);
            if (first < search) RandomAccess.Read(ring, buffer.AsSpan(first, search - first), 0);
            var window = buffer.AsSpan(0, search);
            var newline = window.IndexOf((byte)'\n');
            if (newline >= 0 && newline + 1 < kept) return newline + 1;
            var continuation = 0;
            while (continuation < window.Length && (window[continuation] & 0xC0) == 0x80) continuation++;
            return continuation;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The largest length up to <paramref name="limit"/> that does not split a UTF-8 character.</summary>
    private static int CharacterBoundary(ReadOnlySpan<byte> bytes, int limit)
    {
        var at = limit;
        while (at > 0 && at < bytes.Length && (bytes[at] & 0xC0) == 0x80) at--;
        return at;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
