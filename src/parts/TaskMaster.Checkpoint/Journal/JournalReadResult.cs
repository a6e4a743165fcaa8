using TaskMaster.Core.Events;

namespace TaskMaster.Checkpoint.Journal;

/// <summary>What reading a journal found.</summary>
/// <param name="Events">Every good event, in order.</param>
/// <param name="GoodLength">Bytes of the journal file up to the end of the last line read as (or repaired into) a good event.</param>
/// <param name="Problem">Why reading stopped early, if it did.</param>
/// <param name="TornTail">True when what stopped the reading is a torn tail: damage with no valid record of a later event after it (the writes a crash cut short, never acknowledged).</param>
/// <param name="LastSequence">Sequence of the last good event read (returned or not).</param>
public sealed record JournalReadResult(IReadOnlyList<RunEvent> Events, long GoodLength, string? Problem, bool TornTail, long LastSequence)
{
    /// <summary>
    /// Corruption that no mirror could repair: a damaged record followed by valid ones. Reading
    /// stopped at it; whoever goes on from <see cref="LastSequence"/> loses what follows.
    /// </summary>
    public JournalDamage? Damage { get; init; }

    /// <summary>Records taken from the mirror because the journal's own copy was damaged or missing.</summary>
    public IReadOnlyList<JournalRepair> Repairs { get; init; } = [];

    /// <summary>The journal's good bytes: its first <see cref="GoodLength"/> bytes, or after repairs the repaired journal.</summary>
    internal ReadOnlyMemory<byte> Content { get; init; }

    /// <summary>The mirror as read (null when there is none), so that reopening can bring it in line without reading it again.</summary>
    internal byte[]? MirrorContent { get; init; }

    /// <summary>True when the mirror was looked at (it is only read when the journal alone is not whole).</summary>
    internal bool MirrorRead { get; init; }
}
