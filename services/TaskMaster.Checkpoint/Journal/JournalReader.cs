using TaskMaster.Core.Events;

namespace TaskMaster.Checkpoint.Journal;

/// <summary>What reading a journal found.</summary>
/// <param name="Events">Every good event, in order.</param>
/// <param name="GoodLength">Bytes up to the end of the last good line.</param>
/// <param name="Problem">Why reading stopped early, if it did.</param>
/// <param name="TornTail">True when the only damage is an unfinished last line (a write a crash cut short).</param>
public sealed record JournalReadResult(IReadOnlyList<RunEvent> Events, long GoodLength, string? Problem, bool TornTail);

/// <summary>Reads a journal file back, checking every line and the continuity of sequence numbers.</summary>
public static class JournalReader
{
    public static JournalReadResult Read(string path, long afterSequence = 0)
    {
        var bytes = File.ReadAllBytes(path);
        var events = new List<RunEvent>();
        long offset = 0;
        long expected = 0;
        while (offset < bytes.Length)
        {
            var rest = bytes.AsSpan((int)offset);
            var newline = rest.IndexOf((byte)'\n');
            if (newline < 0)
                return new JournalReadResult(events, offset, "unfinished last line", TornTail: true);
            if (!JournalLine.TryRead(rest[..newline], out var e, out var problem))
            {
                // Damage on the very last line is what a crash mid-write leaves; anywhere else it is corruption.
                var last = offset + newline + 1 == bytes.Length;
                return new JournalReadResult(events, offset, problem, TornTail: last);
            }
            if (e!.Sequence != ++expected)
                return new JournalReadResult(events, offset, $"sequence {e.Sequence} where {expected} was expected (a gap or repeat)", TornTail: false);
            if (e.Sequence > afterSequence) events.Add(e);
            offset += newline + 1;
        }
        return new JournalReadResult(events, offset, null, TornTail: false);
    }
}
