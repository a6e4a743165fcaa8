using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace TaskMaster.Worker;

/// <summary>
/// One attempt's output in its task log, kept within a budget: while it fits it is written whole;
/// past it the log keeps the first half of the budget and the last half, whole lines where it can,
/// with a line <c>[… 1,234,567 bytes cut …]</c> between them. The tail is kept on disk, not in
/// memory: the file is let grow to twice the tail, then its last half-budget is moved up behind the
/// head (each byte is copied about once), and <see cref="Finish"/> trims it to the budget.
/// </summary>
/// <remarks>Not thread-safe: <see cref="TaskLogWriter"/> serialises the calls.</remarks>
internal sealed class LogHeadAndTail
{
    private const int CopyChunk = 1 << 20;
    // How far past the cut point a line end is looked for before a tail starts mid-line.
    private const int LineSearch = 64 * 1024;

    private readonly SafeFileHandle _file;
    private readonly long _start;
    private readonly long _budget;
    private readonly long _headLimit;
    private readonly long _tailLimit;
    private long _headBoundary;
    private long _headEnd = -1;
    private long _tailFrom;
    private long _cutBytes;

    /// <param name="file">The log.</param>
    /// <param name="start">Where the attempt's output begins (the end of the file).</param>
    /// <param name="budget">The most bytes kept; 0 for no limit.</param>
    public LogHeadAndTail(SafeFileHandle file, long start, long budget)
    {
        _file = file;
        _start = start;
        _budget = budget;
        _headLimit = budget / 2;
        _tailLimit = budget - _headLimit;
        _headBoundary = start;
        End = start;
    }

    /// <summary>Where the next write goes: the end of the file.</summary>
    public long End { get; private set; }

    /// <summary>Bytes of output left out so far.</summary>
    public long CutBytes => _cutBytes;

    /// <summary>Appends one line (its newline included).</summary>
    public void Append(ReadOnlySpan<byte> line)
    {
        var overflows = _budget > 0 && _headEnd < 0 && End - _start + line.Length > _budget;
        RandomAccess.Write(_file, line, End);
        End += line.Length;
        if (overflows)
        {
            // The head ends after its last whole line, or mid-line when its first line alone is longer.
            _headEnd = _headBoundary > _start ? _headBoundary : _start + _headLimit;
            _tailFrom = _headEnd;
        }
        else if (_headEnd < 0 && End - _start <= _headLimit)
        {
            _headBoundary = End;
        }
        if (_headEnd >= 0 && End - _tailFrom > 2 * _tailLimit) Compact();
    }

    /// <summary>Trims the tail to the budget once the attempt's output is complete.</summary>
    public void Finish()
    {
        if (_headEnd >= 0 && End - _tailFrom > _tailLimit) Compact();
    }

    /// <summary>Writes the marker behind the head and moves the last half-budget up behind it.</summary>
    private void Compact()
    {
        var from = LineStartAtOrAfter(End - _tailLimit);
        _cutBytes += from - _tailFrom;
        // After a head cut mid-line the marker starts a line of its own.
        var newline = _headEnd > _start && _headEnd != _headBoundary ? "\n" : "";
        var marker = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{newline}[… {_cutBytes:N0} bytes cut …]\n"));
        RandomAccess.Write(_file, marker, _headEnd);
        var to = _headEnd + marker.Length;
        var length = End - from;
        var buffer = ArrayPool<byte>.Shared.Rent(CopyChunk);
        try
        {
            // The source lies past the destination, so copying from the front never overwrites what is still to be copied.
            for (long done = 0; done < length;)
            {
                var read = RandomAccess.Read(_file, buffer.AsSpan(0, (int)Math.Min(CopyChunk, length - done)), from + done);
                if (read <= 0) break;
                RandomAccess.Write(_file, buffer.AsSpan(0, read), to + done);
                done += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        End = to + length;
        _tailFrom = to;
        RandomAccess.SetLength(_file, End);
    }

    /// <summary>The start of the first line that begins at or after <paramref name="position"/>, if one does soon.</summary>
    private long LineStartAtOrAfter(long position)
    {
        if (position <= _tailFrom) return _tailFrom;
        var buffer = ArrayPool<byte>.Shared.Rent(LineSearch);
        try
        {
            // The byte before the position: a newline there means a line starts exactly at it.
            var read = RandomAccess.Read(_file, buffer.AsSpan(0, (int)Math.Min(LineSearch, End - position + 1)), position - 1);
            var newline = buffer.AsSpan(0, read).IndexOf((byte)'\n');
            return newline >= 0 && position + newline < End ? position + newline : position;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
