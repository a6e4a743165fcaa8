using System.Text;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Monitor.Logs;

/// <summary>One attempt's part of a task's log: from its header line to the end of its footer line, or of the file while it runs.</summary>
/// <param name="Start">Byte offset of its header line in the log file.</param>
/// <param name="End">Byte offset just after its footer line; while it has none, the next header's offset or the file's length.</param>
/// <param name="Ended">True once its footer is written: nothing more will be added to it.</param>
public sealed record LogSection(int Attempt, long Start, long End, bool Ended);

/// <summary>Finds the attempts in a task's log (<see cref="TaskLogFormat"/>) in one pass over its bytes, holding one line's start at a time.</summary>
public static class TaskLogIndex
{
    // Header and footer lines are short; a longer line is output, and only its start is looked at.
    private const int MarkerBytes = 4096;
    private static readonly byte[] MarkerStart = "=== attempt "u8.ToArray();

    /// <summary>The attempts in the order they were written, the first <paramref name="length"/> bytes of <paramref name="log"/> read from its start.</summary>
    public static IReadOnlyList<LogSection> Scan(Stream log, long length)
    {
        ArgumentNullException.ThrowIfNull(log);
        var sections = new List<LogSection>();
        var buffer = new byte[64 * 1024];
        var line = new byte[MarkerBytes];
        var lineLength = 0;
        long lineStart = 0, position = 0;
        log.Seek(0, SeekOrigin.Begin);
        while (position < length)
        {
            var read = log.Read(buffer, 0, (int)Math.Min(buffer.Length, length - position));
            if (read == 0) break;
            for (var i = 0; i < read;)
            {
                var newline = Array.IndexOf(buffer, (byte)'\n', i, read - i);
                var end = newline < 0 ? read : newline;
                var take = Math.Min(end - i, MarkerBytes - lineLength);
                buffer.AsSpan(i, take).CopyTo(line.AsSpan(lineLength));
                lineLength += take;
                if (newline < 0) break;
                OnLine(sections, line.AsSpan(0, lineLength), lineStart, position + newline + 1);
                lineStart = position + newline + 1;
                lineLength = 0;
                i = newline + 1;
            }
            position += read;
        }
        if (sections.Count > 0 && !sections[^1].Ended) sections[^1] = sections[^1] with { End = length };
        return sections;
    }

    /// <summary>What a log holds, for a refusal: <c>it has attempts 1, 2</c>.</summary>
    public static string Describe(IReadOnlyList<LogSection> attempts)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        return attempts.Count == 0
            ? "no attempt has started yet"
            : $"it has attempt{(attempts.Count == 1 ? "" : "s")} {string.Join(", ", attempts.Select(a => a.Attempt).Distinct())}";
    }

    private static void OnLine(List<LogSection> sections, ReadOnlySpan<byte> line, long start, long next)
    {
        if (!line.StartsWith(MarkerStart) || !TaskLogFormat.TryParse(Encoding.UTF8.GetString(line).TrimEnd('\r'), out var attempt, out var isFooter)) return;
        if (isFooter)
        {
            var open = sections.Count > 0 ? sections[^1] : null;
            if (open is { Ended: false } && open.Attempt == attempt) sections[^1] = open with { End = next, Ended = true };
            return;
        }
        // An attempt whose footer never came (the executor was killed) ends where the next one starts.
        if (sections.Count > 0 && !sections[^1].Ended) sections[^1] = sections[^1] with { End = start };
        sections.Add(new LogSection(attempt, start, next, Ended: false));
    }
}
