using System.Text;

namespace TaskMaster.Monitor.Logs;

/// <summary>
/// Reads a task's log a page at a time, the whole log or one attempt's section (<see cref="TaskLogIndex"/>):
/// pages end at a line's end, never inside a character, so that pages joined give the log back exactly.
/// </summary>
public static class TaskLogReader
{
    public const int DefaultLimit = 64 * 1024;

    /// <summary>The most bytes one page holds, whatever is asked for.</summary>
    public const int MaxLimit = 1024 * 1024;

    /// <summary>
    /// The page from <paramref name="offset"/> (clamped into what is read; default its start) of at most
    /// <paramref name="limit"/> bytes (capped at <see cref="MaxLimit"/>). A log that does not exist yet is empty.
    /// </summary>
    /// <param name="taskEnded">The task will write no more (it reached a final state): the whole log is then complete at its end.</param>
    /// <returns>The page, or null when the log has no such attempt (<paramref name="attempts"/> has those it has).</returns>
    public static TaskLogPage? Read(string path, string taskId, int? attempt, long? offset, int limit, bool taskEnded, out IReadOnlyList<LogSection> attempts)
    {
        ArgumentNullException.ThrowIfNull(path);
        attempts = [];
        limit = Math.Clamp(limit, 1, MaxLimit);
        using var log = Open(path);
        var length = log?.Length ?? 0;
        long start = 0, end = length;
        var ended = taskEnded;
        if (attempt is { } wanted)
        {
            attempts = log is null ? [] : TaskLogIndex.Scan(log, length);
            // A rollback may run an attempt number again: the latest is the one a person means.
            if (attempts.LastOrDefault(s => s.Attempt == wanted) is not { } section) return null;
            (start, end, ended) = (section.Start, section.End, section.Ended);
        }
        var from = Math.Clamp(offset ?? start, start, end);
        var bytes = log is null ? [] : ReadRange(log, from, Math.Min(end, from + limit));
        // A page that does not reach the end stops after its last whole line; one line longer than a page is cut between characters.
        var reachesEnd = from + bytes.Length == end;
        var skip = Utf8.ContinuationBytesAt(bytes);
        var keep = reachesEnd && ended ? bytes.Length : WholeLines(bytes, skip, full: bytes.Length == limit);
        var text = Encoding.UTF8.GetString(bytes, skip, Math.Max(0, keep - skip));
        var next = from + Math.Max(keep, skip);
        return new TaskLogPage(taskId, attempt, from, next, end, Complete: next == end && ended, text);
    }

    private static FileStream? Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static byte[] ReadRange(FileStream log, long from, long to)
    {
        var bytes = new byte[Math.Max(0, to - from)];
        log.Seek(from, SeekOrigin.Begin);
        var read = log.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        return read == bytes.Length ? bytes : bytes[..read];
    }

    /// <summary>How many bytes to keep: through the last newline; with none and a full page, up to the last whole character.</summary>
    private static int WholeLines(byte[] bytes, int skip, bool full)
    {
        var newline = bytes.AsSpan(skip).LastIndexOf((byte)'\n');
        if (newline >= 0) return skip + newline + 1;
        return full ? Utf8.WholeCharacters(bytes) : skip;
    }
}
