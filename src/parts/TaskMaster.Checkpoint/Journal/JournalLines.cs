using TaskMaster.Core.Events;

namespace TaskMaster.Checkpoint.Journal;

/// <summary>One line of a journal file as found: its bytes' place, and its event or what is wrong with it.</summary>
/// <param name="Start">Offset of its first byte.</param>
/// <param name="End">Offset after its newline (or after its last byte, when it has none).</param>
/// <param name="Event">The event, when the line is whole and its checksum holds.</param>
/// <param name="Problem">Why it is not an event (<c>checksum mismatch</c>, <c>unfinished last line</c>…).</param>
internal sealed record JournalFileLine(int Start, int End, RunEvent? Event, string? Problem);

/// <summary>Splits a journal file's bytes into lines, each checked on its own.</summary>
internal static class JournalLines
{
    public static List<JournalFileLine> Parse(ReadOnlySpan<byte> bytes, int from)
    {
        var lines = new List<JournalFileLine>();
        for (var offset = from; offset < bytes.Length;)
        {
            var newline = bytes[offset..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                lines.Add(new JournalFileLine(offset, bytes.Length, null, "unfinished last line"));
                break;
            }
            lines.Add(JournalLine.TryRead(bytes.Slice(offset, newline), out var e, out var problem)
                ? new JournalFileLine(offset, offset + newline + 1, e, null)
                : new JournalFileLine(offset, offset + newline + 1, null, problem));
            offset += newline + 1;
        }
        return lines;
    }

    /// <summary>
    /// What is wrong with the bytes from <paramref name="from"/> on when they hold no valid record (a
    /// torn tail); null when they hold one, or nothing.
    /// </summary>
    public static string? TornTailFrom(ReadOnlySpan<byte> bytes, int from)
    {
        string? first = null;
        for (var offset = from; offset < bytes.Length;)
        {
            var newline = bytes[offset..].IndexOf((byte)'\n');
            if (newline < 0) return first ?? "unfinished last line";
            if (JournalLine.TryRead(bytes.Slice(offset, newline), out _, out var problem)) return null;
            first ??= problem;
            offset += newline + 1;
        }
        return first;
    }

    /// <summary>The line number (from 1) of the line that starts at <paramref name="offset"/>.</summary>
    public static int LineAt(ReadOnlySpan<byte> bytes, int offset) => bytes[..offset].Count((byte)'\n') + 1;
}
