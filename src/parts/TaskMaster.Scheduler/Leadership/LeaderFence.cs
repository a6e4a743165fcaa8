using TaskMaster.Core.Scheduling;

namespace TaskMaster.Scheduler.Leadership;

/// <summary>
/// One term's right to write: its fencing token, which every write carries for the stores to check, and
/// whether the term is over here. It is over once ended (a lost lease, a store's refusal: <see cref="Fenced"/>)
/// and also, by this process's own clock, while its lease may have run out unrenewed (a pause longer than the
/// lease): a process that wakes from a pause refuses to write, and to answer for its runs, before it has
/// even asked Redis. The stores' check stays the one that counts. A fence that ended without a store's refusal
/// may go on into its scheduler's very next term (<see cref="TryContinue"/>): the runs written under it go on in place.
/// </summary>
public sealed class LeaderFence
{
    private readonly TimeProvider _time;
    private readonly bool _lapses;
    private int _over;
    private int _refusedByStore;
    private long _token;
    private long _validUntil;

    /// <param name="token">The term's fencing token (0: no fencing, a scheduler alone by construction).</param>
    /// <param name="time">The clock the lease's validity is measured on; null: valid until ended.</param>
    public LeaderFence(long token, TimeProvider? time = null)
    {
        _token = token;
        _time = time ?? TimeProvider.System;
        _lapses = time is not null;
        _validUntil = _lapses ? 0 : long.MaxValue;
    }

    /// <summary>The term's fencing token (0: no fencing, a scheduler alone by construction).</summary>
    public long Token => Interlocked.Read(ref _token);

    public bool IsOver => Volatile.Read(ref _over) == 1 || _time.GetTimestamp() >= Interlocked.Read(ref _validUntil);

    /// <summary>Raised once, on the first refusal of this term's writes (by a store, or here once its lease may have run out).</summary>
    public event Action<JournalFencedException>? Fenced;

    /// <summary>The lease was renewed (or won) when the clock read <paramref name="askedAt"/>: it surely lasts <paramref name="lease"/> from then.</summary>
    /// <remarks>A fence without a clock (a scheduler alone by construction) stays valid until ended: a late renewal never lapses it.</remarks>
    public void ExtendFrom(long askedAt, TimeSpan lease)
    {
        if (!_lapses) return;
        Interlocked.Exchange(ref _validUntil, askedAt + (long)(lease.TotalSeconds * _time.TimestampFrequency));
    }

    /// <summary>Ends the term here: every later write is refused without being sent.</summary>
    public void End() => Volatile.Write(ref _over, 1);

    /// <summary>A store refused a write of this term (a newer leader holds the run): the term is over, for good.</summary>
    public void Report(JournalFencedException refusal)
    {
        Volatile.Write(ref _refusedByStore, 1);
        End(refusal);
    }

    /// <summary>
    /// Refuses a write once the term is over here, and reports it (the first refusal ends the term). The refusal is
    /// not a store's: the write is held (an <see cref="IOException"/> its writer tries again), for the next term to
    /// make durable if it is this scheduler's very next (<see cref="TryContinue"/>), or to drop otherwise.
    /// </summary>
    /// <exception cref="LeaseLapsedException">The term is over here.</exception>
    public void ThrowIfOver()
    {
        if (!IsOver) return;
        var refusal = new LeaseLapsedException($"fencing token {Token}: this scheduler does not lead now (or its lease may have run out unrenewed); the write is held");
        End(new JournalFencedException(refusal.Message, refusal));
        throw refusal;
    }

    /// <summary>
    /// Goes on into the term of <paramref name="token"/>, won when the clock read <paramref name="askedAt"/>, when it is
    /// this fence's very next (its token plus one: no other scheduler led in between) and no store refused this fence's
    /// writes; the writes held meanwhile then carry the new token. False (the fence stays over) otherwise.
    /// </summary>
    public bool TryContinue(long token, long askedAt, TimeSpan lease)
    {
        // A scheduler alone by construction (token 0 in every term) is always its own very next term.
        var next = _lapses ? token == Token + 1 : token == Token;
        if (!next || Volatile.Read(ref _refusedByStore) == 1 || !IsOver) return false;
        Interlocked.Exchange(ref _token, token);
        ExtendFrom(askedAt, lease);
        Volatile.Write(ref _over, 0);
        return true;
    }

    private void End(JournalFencedException refusal)
    {
        if (Interlocked.Exchange(ref _over, 1) == 0) Fenced?.Invoke(refusal);
    }
}

/// <summary>A write refused by its scheduler itself: its term is over here (not by a store), so the write is held, not lost.</summary>
public sealed class LeaseLapsedException(string message) : IOException(message);
