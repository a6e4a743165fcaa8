using TaskMaster.Core.Events;

namespace TaskMaster.Checkpoint.Journal;

/// <summary>
/// Reads a journal back, checking every line and the continuity of sequence numbers, and gives every
/// reader the same verdict on damage: a torn tail (damage with nothing valid of a later event after
/// it) ends the journal quietly; a damaged record that valid ones follow is repaired from the mirror
/// when the mirror holds a good copy of that event, and is otherwise corruption
/// (<see cref="JournalReadResult.Damage"/>), never passed over in silence.
/// </summary>
public static class JournalReader
{
    /// <param name="path">The journal file (no mirror).</param>
    /// <param name="afterSequence">Events up to this sequence are checked but not returned (a checkpoint covers them).</param>
    /// <param name="throughSequence">Stop after this sequence: later lines are neither read nor returned.</param>
    public static JournalReadResult Read(string path, long afterSequence = 0, long throughSequence = long.MaxValue) =>
        Read(JournalFiles.Single(path), afterSequence, throughSequence);

    /// <param name="files">The journal and its mirror (read only when the journal alone is not whole, or the mirror is longer).</param>
    /// <param name="afterSequence">Events up to this sequence are checked but not returned (a checkpoint covers them).</param>
    /// <param name="throughSequence">Stop after this sequence: later lines are neither read nor returned.</param>
    public static JournalReadResult Read(JournalFiles files, long afterSequence = 0, long throughSequence = long.MaxValue)
    {
        var bytes = File.ReadAllBytes(files.Path);
        var events = new List<RunEvent>();
        var (offset, last) = ReadWhole(bytes, 0, 0, afterSequence, throughSequence, events);
        if (offset == bytes.Length && !MirrorIsLonger(files, bytes.Length))
            return new JournalReadResult(events, offset, null, TornTail: false, last) { Content = bytes.AsMemory(0, offset) };
        if (last >= throughSequence)
        {
            // What follows is not read, but a torn tail after it is still one: not worth keeping aside.
            var torn = JournalLines.TornTailFrom(bytes, offset);
            return new JournalReadResult(events, offset, torn, TornTail: torn is not null, last) { Content = bytes.AsMemory(0, offset) };
        }
        return JournalMerge.Continue(files, bytes, offset, last, afterSequence, throughSequence, events);
    }

    /// <summary>
    /// Reads only what was appended since an earlier read: from <paramref name="goodLength"/> (its
    /// <see cref="JournalReadResult.GoodLength"/>), the next event being <paramref name="lastSequence"/> + 1.
    /// The result's <see cref="JournalReadResult.GoodLength"/> is again from the start of the file, so
    /// reads chain; an unfinished last line is left for the next read. Any other damage in what was
    /// appended is judged by a whole <see cref="Read(JournalFiles, long, long)"/>, so that this reader's
    /// verdict is every reader's.
    /// </summary>
    public static JournalReadResult ReadAppended(string path, long goodLength, long lastSequence) =>
        ReadAppended(JournalFiles.Single(path), goodLength, lastSequence);

    /// <inheritdoc cref="ReadAppended(string, long, long)"/>
    public static JournalReadResult ReadAppended(JournalFiles files, long goodLength, long lastSequence)
    {
        byte[] bytes;
        using (var stream = new FileStream(files.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            if (stream.Length < goodLength)
                return new JournalReadResult([], goodLength, $"the journal is shorter ({stream.Length} bytes) than what was read before ({goodLength})", TornTail: false, lastSequence);
            stream.Seek(goodLength, SeekOrigin.Begin);
            bytes = new byte[stream.Length - goodLength];
            bytes = bytes[..stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false)];
        }
        var events = new List<RunEvent>();
        var (offset, last) = ReadWhole(bytes, 0, lastSequence, lastSequence, long.MaxValue, events);
        if (offset == bytes.Length)
            return new JournalReadResult(events, goodLength + offset, null, TornTail: false, last);
        // A line still being written (no newline yet) is the next read's.
        if (bytes.AsSpan(offset).IndexOf((byte)'\n') < 0)
            return new JournalReadResult(events, goodLength + offset, "unfinished last line", TornTail: true, last);

        var whole = Read(files, afterSequence: lastSequence);
        if (whole.LastSequence < lastSequence && whole.Damage is null)
            return new JournalReadResult([], goodLength, $"the journal no longer holds event {lastSequence} (it ends at {whole.LastSequence}): it was replaced", TornTail: false, lastSequence);
        return whole;
    }

    /// <summary>
    /// The journal's first event (the run's start) without reading the rest: for a reader that only
    /// needs to know which run and queue it is. Null when its first line is not a good first event.
    /// </summary>
    public static RunEvent? ReadFirst(string path)
    {
        const int Longest = 64 * 1024;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
        var buffer = new byte[Math.Min(stream.Length, Longest)];
        var length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var newline = buffer.AsSpan(0, length).IndexOf((byte)'\n');
        return newline >= 0 && JournalLine.TryRead(buffer.AsSpan(0, newline), out var e, out _) && e!.Sequence == 1 ? e : null;
    }

    /// <summary>
    /// Reads good lines while each continues the one before; where it stops and the last sequence read.
    /// Every line is checked (checksum and sequence) once; only those after <paramref name="afterSequence"/> are decoded.
    /// </summary>
    private static (int Offset, long Last) ReadWhole(
        ReadOnlySpan<byte> bytes, int offset, long last, long afterSequence, long throughSequence, List<RunEvent> events)
    {
        while (offset < bytes.Length && last < throughSequence)
        {
            var newline = bytes[offset..].IndexOf((byte)'\n');
            if (newline < 0) break;
            var line = bytes.Slice(offset, newline);
            if (last + 1 <= afterSequence)
            {
                if (JournalLine.TryReadSequence(line, out _) != last + 1) break;
            }
            else if (!JournalLine.TryRead(line, out var e, out _) || e!.Sequence != last + 1) break;
            else events.Add(e);
            last++;
            offset += newline + 1;
        }
        return (offset, last);
    }

    private static bool MirrorIsLonger(JournalFiles files, long length)
    {
        try
        {
            return files.MirrorPath is { } mirror && new FileInfo(mirror) is { Exists: true } info && info.Length > length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
