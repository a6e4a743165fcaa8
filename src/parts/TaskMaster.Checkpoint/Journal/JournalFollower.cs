using TaskMaster.Core.Events;

namespace TaskMaster.Checkpoint.Journal;

/// <summary>
/// Reads a journal again and again, each time only what was appended since the last read (from the
/// byte offset and sequence it stopped at), for readers that fold a run as it goes: an unfinished
/// last line is left for the next read; a journal that no longer continues what was read (cut back,
/// or replaced) is read again from its start, and the caller told to fold anew; a damaged record
/// that valid ones follow (and the mirror cannot repair) ends the reading there, with the verdict
/// in <see cref="Damage"/>. Not thread-safe.
/// </summary>
public sealed class JournalFollower(JournalFiles files)
{
    private long _goodLength;
    private long _lastSequence;

    public JournalFiles Files => files;

    /// <summary>Where the journal is damaged, once reading found it; nothing after it is read.</summary>
    public JournalDamage? Damage { get; private set; }

    /// <returns>The events appended since the last read, and whether what was read before no longer holds (fold anew from these).</returns>
    public (IReadOnlyList<RunEvent> Events, bool Restarted) ReadMore()
    {
        // The damage stays where it is for as long as this process reads: only a resume (another one) repairs or cuts it.
        if (Damage is not null) return ([], false);
        if (!File.Exists(files.Path))
        {
            var had = _lastSequence > 0;
            (_goodLength, _lastSequence) = (0, 0);
            return ([], had);
        }
        var read = JournalReader.ReadAppended(files, _goodLength, _lastSequence);
        var restarted = false;
        // Nothing of the journal follows what was read: it is not the file that was being read any more.
        if (read is { Problem: not null, TornTail: false, Damage: null, Events.Count: 0 } && _lastSequence > 0)
        {
            restarted = true;
            read = JournalReader.ReadAppended(files, 0, 0);
        }
        (_goodLength, _lastSequence, Damage) = (read.GoodLength, read.LastSequence, read.Damage);
        return (read.Events, restarted);
    }
}
