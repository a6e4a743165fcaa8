using TaskMaster.Core.Events;

namespace TaskMaster.Checkpoint.Journal;

/// <summary>What reading a journal found.</summary>
/// <param name="Events">Every good event, in order.</param>
/// <param name="GoodLength">Bytes up to the end of the last good line.</param>
/// <param name="Problem">Why reading stopped early, if it did.</param>
/// <param name="TornTail">True when the only damage is an unfinished last line (a write a crash cut short).</param>
/// <param name="LastSequence">Sequence of the last good event read (returned or not).</param>
public sealed record JournalReadResult(IReadOnlyList<RunEvent> Events, long GoodLength, string? Problem, bool TornTail, long LastSequence);

/// <summary>Reads a journal file back, checking every line and the continuity of sequence numbers.</summary>
public static class JournalReader
{
    /// <param name="path">The journal file.</param>
    /// <param name="afterSequence">Events up to this sequence are checked but not returned (a checkpoint covers them).</param>
    /// <param name="throughSequence">Stop after this sequence: later lines are neither read nor returned.</param>
    public static JournalReadResult Read(string path, long afterSequence = 0, long throughSequence = long.MaxValue) =>
        Parse(File.ReadAllBytes(path), start: 0, lastSequence: 0, afterSequence, throughSequence);

    /// <summary>
    /// Reads only what was appended since an earlier read: from <paramref name="goodLength"/> (its
    /// <see cref="JournalReadResult.GoodLength"/>), the next event being <paramref name="lastSequence"/> + 1.
    /// The result's <see cref="JournalReadResult.GoodLength"/> is again from the start of the file, so
    /// reads chain; an unfinished last line is left for the next read, as <see cref="Read"/> leaves it.
    /// </summary>
    public static JournalReadResult ReadAppended(string path, long goodLength, long lastSequence)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length < goodLength)
            return new JournalReadResult([], goodLength, $"the journal is shorter ({stream.Length} bytes) than what was read before ({goodLength})", TornTail: false, lastSequence);
        stream.Seek(goodLength, SeekOrigin.Begin);
        var bytes = new byte[stream.Length - goodLength];
        var read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        return Parse(bytes.AsSpan(0, read), goodLength, lastSequence, lastSequence, long.MaxValue);
    }

    private static JournalReadResult Parse(ReadOnlySpan<byte> bytes, long start, long lastSequence, long afterSequence, long throughSequence)
    {
        var events = new List<RunEvent>();
        var offset = 0;
        var expected = lastSequence;
        while (offset < bytes.Length && expected < throughSequence)
        {
            var rest = bytes[offset..];
            var newline = rest.IndexOf((byte)'\n');
            if (newline < 0)
                return new JournalReadResult(events, start + offset, "unfinished last line", TornTail: true, expected);
            if (!JournalLine.TryRead(rest[..newline], out var e, out var problem))
            {
                // Damage on the very last line is what a crash mid-write leaves; anywhere else it is corruption.
                var last = offset + newline + 1 == bytes.Length;
                return new JournalReadResult(events, start + offset, problem, TornTail: last, expected);
            }
            if (e!.Sequence != expected + 1)
                return new JournalReadResult(events, start + offset, $"sequence {e.Sequence} where {expected + 1} was expected (a gap or repeat)", TornTail: false, expected);
            expected++;
            if (e.Sequence > afterSequence) events.Add(e);
            offset += newline + 1;
        }
        return new JournalReadResult(events, start + offset, null, TornTail: false, expected);
    }
}
