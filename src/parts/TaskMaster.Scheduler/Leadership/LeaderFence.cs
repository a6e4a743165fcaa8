using TaskMaster.Core.Scheduling;

namespace TaskMaster.Scheduler.Leadership;

/// <summary>
/// One term's right to write: its fencing token, which every write carries for the stores to check, and
/// whether the term is over here. A write the stores refuse as fenced ends the term at once
/// (<see cref="Fenced"/>); once it is over, writes are refused here before they are even sent.
/// </summary>
public sealed class LeaderFence(long token)
{
    private int _over;

    /// <summary>The term's fencing token (0: no fencing, a scheduler alone by construction).</summary>
    public long Token { get; } = token;

    public bool IsOver => Volatile.Read(ref _over) == 1;

    /// <summary>Raised once, on the first refusal a store gave this term's writes.</summary>
    public event Action<JournalFencedException>? Fenced;

    /// <summary>Ends the term here: every later write is refused without being sent.</summary>
    public void End() => Volatile.Write(ref _over, 1);

    /// <summary>A store refused a write of this term: the term is over.</summary>
    public void Report(JournalFencedException refusal)
    {
        if (Interlocked.Exchange(ref _over, 1) == 0) Fenced?.Invoke(refusal);
    }

    /// <exception cref="JournalFencedException">The term is over.</exception>
    public void ThrowIfOver()
    {
        if (IsOver) throw new JournalFencedException($"fencing token {Token}: this scheduler no longer leads; it writes nothing more");
    }
}
