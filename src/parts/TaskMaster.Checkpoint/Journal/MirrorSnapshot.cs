using TaskMaster.Core.Events;

namespace TaskMaster.Checkpoint.Journal;

/// <summary>A journal's mirror as a reader found it, for a repair: its lines from where it may differ, its good records by sequence.</summary>
internal sealed class MirrorSnapshot
{
    private readonly string? _path;
    private readonly string? _unavailable;
    private readonly int _firstLine;

    private MirrorSnapshot(string? path, byte[]? bytes, List<JournalFileLine> lines, int firstLine, string? unavailable)
    {
        _path = path;
        Bytes = bytes;
        Lines = lines;
        _firstLine = firstLine;
        _unavailable = unavailable;
        foreach (var line in lines)
            if (line.Event is { } e) Good.TryAdd(e.Sequence, line);
    }

    public byte[]? Bytes { get; }

    public List<JournalFileLine> Lines { get; }

    public Dictionary<long, JournalFileLine> Good { get; } = [];

    /// <summary>
    /// Reads the mirror, from <paramref name="offset"/> when its first bytes are the journal's (the
    /// usual case: the same bytes are written to both), else from its start.
    /// </summary>
    public static MirrorSnapshot Read(JournalFiles files, byte[] primary, int offset)
    {
        if (files.MirrorPath is not { } path) return new MirrorSnapshot(null, null, [], 1, "the journal has no mirror to repair it from");
        byte[] bytes;
        try
        {
            if (!File.Exists(path)) return new MirrorSnapshot(path, null, [], 1, $"its mirror {path} does not exist");
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new MirrorSnapshot(path, null, [], 1, $"its mirror {path} could not be read ({e.Message})");
        }
        var from = bytes.Length >= offset && bytes.AsSpan(0, offset).SequenceEqual(primary.AsSpan(0, offset)) ? offset : 0;
        return new MirrorSnapshot(path, bytes, JournalLines.Parse(bytes, from), JournalLines.LineAt(bytes, from), null);
    }

    /// <summary>Why the mirror holds no good copy of event <paramref name="sequence"/>.</summary>
    public string WhyNoRepair(long sequence)
    {
        if (_unavailable is not null) return _unavailable;
        var newest = Good.Count == 0 ? 0 : Good.Keys.Max();
        return newest < sequence ? $"its mirror {_path} ends at event {newest}" : $"its mirror's copy of event {sequence} ({_path}) is damaged too";
    }

    /// <summary>
    /// The damage when the journal ends cleanly before <paramref name="last"/> + 1 but the mirror holds
    /// later events after a gap or a damaged record of its own: it is the mirror's line that is named.
    /// </summary>
    public JournalDamage DamageAfter(long last, IReadOnlyList<RunEvent> following, JournalFiles files)
    {
        var index = Lines.FindIndex(l => l.Event is not { } e || e.Sequence > last);
        var line = Lines[index];
        return new JournalDamage(_path!, _firstLine + index, line.Start, last + 1, JournalMerge.ProblemOf(line, last + 1, ""), following,
            line.Event is null ? JournalLine.ReadUnverified(Bytes.AsSpan(line.Start, line.End - line.Start).TrimEnd((byte)'\n')) : null,
            $"the journal {files.Path} itself ends at event {last}");
    }
}
