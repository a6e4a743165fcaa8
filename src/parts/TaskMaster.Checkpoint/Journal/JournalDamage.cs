using TaskMaster.Core.Events;

namespace TaskMaster.Checkpoint.Journal;

/// <summary>
/// Corruption: a damaged record (or a missing one) followed by valid records of later events, which
/// no mirror could repair. Unlike a torn tail (the unacknowledged writes a crash cut short), what
/// follows it was acknowledged and acted on; reading stops at it, so everything from it on is lost
/// to whoever reads past it.
/// </summary>
/// <param name="Path">The file the damage is in.</param>
/// <param name="Line">Its line number there, from 1.</param>
/// <param name="Offset">The byte offset of that line.</param>
/// <param name="Sequence">The journal sequence the damaged line stands for: the one after the last good event.</param>
/// <param name="Problem">What is wrong with it (<c>checksum mismatch</c>, <c>sequence 9 where 7 was expected</c>…).</param>
/// <param name="Following">The valid records of later events after it, by sequence: what reading stops short of.</param>
/// <param name="Unverified">The damaged line as its JSON reads, its checksum failing: a hint of what it was, never trusted.</param>
/// <param name="Mirror">Why the mirror could not repair it.</param>
public sealed record JournalDamage(
    string Path, int Line, long Offset, long Sequence, string Problem,
    IReadOnlyList<RunEvent> Following, RunEvent? Unverified, string Mirror)
{
    /// <summary>What a person can do about it, after <see cref="Describe"/> in every view that refuses to show less.</summary>
    public const string WhatToDo =
        "task-master resume refuses to go on past it (exit code 6) and names the finished tasks that would run again; " +
        "resume --discard-damaged-journal accepts that loss (the records are set aside, not deleted)";

    /// <summary>The records lost by reading only up to the damage: the damaged one and those after it.</summary>
    public int LostRecords => Following.Count + 1;

    /// <summary>One sentence for people: where, what, what follows, why no repair.</summary>
    public string Describe()
    {
        var following = Following.Count == 0 ? ""
            : $"; {Following.Count} valid record{(Following.Count == 1 ? "" : "s")} of later events follow{(Following.Count == 1 ? "s" : "")} it " +
              $"(events {Following[0].Sequence}–{Following[^1].Sequence})";
        var reads = Unverified is null ? "" : $" (it reads, unverified, as {JournalEventText.Describe(Unverified)})";
        return $"{Path} line {Line} (journal event {Sequence}) is damaged: {Problem}{reads}{following}; {Mirror}";
    }
}

/// <summary>A record read from the mirror because the journal's own copy was damaged or missing.</summary>
/// <param name="Sequence">The event repaired.</param>
/// <param name="Line">Its line in the journal (where the damaged copy is, or where it should have been).</param>
/// <param name="Problem">What was wrong with the journal's copy.</param>
public sealed record JournalRepair(long Sequence, int Line, string Problem);

/// <summary>Refusal to go on from a journal with corruption in it (reopening it for appends without accepting the loss).</summary>
public sealed class JournalDamagedException(JournalDamage damage) : IOException(damage.Describe())
{
    public JournalDamage Damage { get; } = damage;
}
