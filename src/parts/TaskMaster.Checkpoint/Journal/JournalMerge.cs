using TaskMaster.Core.Events;

namespace TaskMaster.Checkpoint.Journal;

/// <summary>
/// The slow part of reading a journal, from the first line that does not continue it (or when the
/// mirror is longer): each next event is taken from the journal, else from the mirror's good copy
/// of that same sequence (a repair); reading ends when neither has it. Whatever valid records of
/// later events are left in either file then make the damage corruption; with none it is a torn tail.
/// </summary>
internal static class JournalMerge
{
    public static JournalReadResult Continue(
        JournalFiles files, byte[] primary, int offset, long last, long afterSequence, long throughSequence, List<RunEvent> events)
    {
        var lines = JournalLines.Parse(primary, offset);
        var mirror = MirrorSnapshot.Read(files, primary, offset);
        var firstLine = JournalLines.LineAt(primary, offset);

        var taken = new List<(byte[] From, JournalFileLine Line)>();
        var repairs = new List<JournalRepair>();
        var p = 0;
        var next = last + 1;
        for (; next <= throughSequence; next++)
        {
            var line = p < lines.Count ? lines[p] : null;
            if (line?.Event is { } e && e.Sequence == next)
            {
                taken.Add((primary, line));
                p++;
            }
            else if (mirror.Good.TryGetValue(next, out var copy))
            {
                repairs.Add(new JournalRepair(next, firstLine + p, ProblemOf(line, next, "missing: the journal ends before it")));
                taken.Add((mirror.Bytes!, copy));
                // A valid line of a later event stays for its turn; a damaged or repeated one is what was repaired.
                if (line is not null && !(line.Event is { } later && later.Sequence > next)) p++;
            }
            else break;
            if (next > afterSequence) events.Add(taken[^1].Line.Event!);
        }
        last = next - 1;
        var goodLength = p > 0 ? lines[p - 1].End : offset;
        var content = repairs.Count == 0 ? primary.AsMemory(0, goodLength) : Concatenate(primary.AsMemory(0, offset), taken);
        if (last >= throughSequence)
        {
            var torn = JournalLines.TornTailFrom(primary, goodLength);
            return new JournalReadResult(events, goodLength, torn, TornTail: torn is not null, last)
                { Repairs = repairs, Content = content, MirrorContent = mirror.Bytes, MirrorRead = true };
        }

        var following = Following(lines.Skip(p), mirror.Lines, last);
        var stop = p < lines.Count ? lines[p] : null;
        if (following.Count == 0)
            return new JournalReadResult(events, goodLength, stop is null ? null : ProblemOf(stop, last + 1, ""), TornTail: stop is not null, last)
                { Repairs = repairs, Content = content, MirrorContent = mirror.Bytes, MirrorRead = true };

        var damage = stop is not null
            ? new JournalDamage(files.Path, firstLine + p, stop.Start, last + 1, ProblemOf(stop, last + 1, ""), following,
                stop.Event is null ? JournalLine.ReadUnverified(primary.AsSpan(stop.Start, stop.End - stop.Start).TrimEnd((byte)'\n')) : null,
                mirror.WhyNoRepair(last + 1))
            : mirror.DamageAfter(last, following, files);
        return new JournalReadResult(events, goodLength, damage.Problem, TornTail: false, last)
            { Damage = damage, Repairs = repairs, Content = content, MirrorContent = mirror.Bytes, MirrorRead = true };
    }

    /// <summary>Valid records of events after <paramref name="last"/> left in either file, by sequence (the journal's copy first).</summary>
    private static List<RunEvent> Following(IEnumerable<JournalFileLine> primaryRest, IEnumerable<JournalFileLine> mirrorLines, long last)
    {
        var bySequence = new SortedDictionary<long, RunEvent>();
        foreach (var line in primaryRest.Concat(mirrorLines))
            if (line.Event is { } e && e.Sequence > last) bySequence.TryAdd(e.Sequence, e);
        return [.. bySequence.Values];
    }

    internal static string ProblemOf(JournalFileLine? line, long expected, string whenMissing) => line switch
    {
        null => whenMissing,
        { Event: { } e } => $"sequence {e.Sequence} where {expected} was expected (a gap or repeat)",
        _ => line.Problem ?? "damaged",
    };

    private static ReadOnlyMemory<byte> Concatenate(ReadOnlyMemory<byte> head, List<(byte[] From, JournalFileLine Line)> lines)
    {
        var content = new byte[head.Length + lines.Sum(l => l.Line.End - l.Line.Start)];
        head.CopyTo(content);
        var at = head.Length;
        foreach (var (from, line) in lines)
        {
            from.AsSpan(line.Start, line.End - line.Start).CopyTo(content.AsSpan(at));
            at += line.End - line.Start;
        }
        return content;
    }
}
