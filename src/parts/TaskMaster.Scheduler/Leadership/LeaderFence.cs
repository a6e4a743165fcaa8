using TaskMaster.Core.Scheduling;

namespace TaskMaster.Scheduler.Leadership;

/// <summary>
/// One term's right to write: its fencing token, which every write carries for the stores to check, and
/// whether the term is over here. It is over once ended (a lost lease, a store's refusal: <see cref="Fenced"/>)
/// and also, by this process's own clock, while its lease may have run out unrenewed (a pause longer than the
/// lease): a process that wakes from a pause refuses to write, and to answer for its runs, before it has
/// even asked Redis. The stores' check stays the one that counts.
/// </summary>
public sealed class LeaderFence
{
    private readonly TimeProvider _time;
    private int _over;
    private long _validUntil;

    /// <param name="token">The term's fencing token (0: no fencing, a scheduler alone by construction).</param>
    /// <param name="time">The clock the lease's validity is measured on; null: valid until ended.</param>
    public LeaderFence(long token, TimeProvider? time = null)
    {
        Token = token;
        _time = time ?? TimeProvider.System;
        _validUntil = time is null ? long.MaxValue : 0;
    }

    /// <summary>The term's fencing token (0: no fencing, a scheduler alone by construction).</summary>
    public long Token { get; }

    public bool IsOver => Volatile.Read(ref _over) == 1 || _time.GetTimestamp() >= Interlocked.Read(ref _validUntil);

    /// <summary>Raised once, on the first refusal of this term's writes (by a store, or here once its lease may have run out).</summary>
    public event Action<JournalFencedException>? Fenced;

    /// <summary>The lease was renewed (or won) when the clock read <paramref name="askedAt"/>: it surely lasts <paramref name="lease"/> from then.</summary>
    public void ExtendFrom(long askedAt, TimeSpan lease) =>
        Interlocked.Exchange(ref _validUntil, askedAt + (long)(lease.TotalSeconds * _time.TimestampFrequency));

    /// <summary>Ends the term here: every later write is refused without being sent.</summary>
    public void End() => Volatile.Write(ref _over, 1);

    /// <summary>A write of this term was refused: the term is over.</summary>
    public void Report(JournalFencedException refusal)
    {
        if (Interlocked.Exchange(ref _over, 1) == 0) Fenced?.Invoke(refusal);
    }

    /// <summary>Refuses a write once the term is over here, and reports it (the first refusal ends the term).</summary>
    /// <exception cref="JournalFencedException">The term is over.</exception>
    public void ThrowIfOver()
    {
        if (!IsOver) return;
        var refusal = new JournalFencedException($"fencing token {Token}: this scheduler no longer leads (or its lease may have run out unrenewed); it writes nothing more");
        Report(refusal);
        throw refusal;
    }
}
