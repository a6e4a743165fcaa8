using System.Diagnostics;
using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Benchmarks.Durability;

/// <summary>One journal flush (write and fsync), as <see cref="Stopwatch"/> timestamps.</summary>
internal readonly record struct JournalFlush(long StartedAt, long EndedAt)
{
    public TimeSpan Duration => Stopwatch.GetElapsedTime(StartedAt, EndedAt);
}

/// <summary>
/// Wraps the durable journal and times every flush: a dispatch gap is a flush waiting for the disk
/// when one covers it, and flushes during a checkpoint's writes against the others show whether the
/// journal's fsync waits behind them. Called on the scheduler's loop only; the record is
/// preallocated, so timing allocates nothing.
/// </summary>
internal sealed class TimedJournal(IEventJournal inner) : IEventJournal
{
    public static readonly TimeSpan SlowFlushThreshold = TimeSpan.FromMilliseconds(2);

    private readonly JournalFlush[] _flushes = new JournalFlush[1 << 18];
    private int _count;

    /// <summary>Every flush, in order (the first 262,144 of a run).</summary>
    public ReadOnlySpan<JournalFlush> Flushes => _flushes.AsSpan(0, Math.Min(_count, _flushes.Length));

    /// <summary>The flushes that took <see cref="SlowFlushThreshold"/> or more.</summary>
    public IReadOnlyList<JournalFlush> SlowFlushes() => Flushes.ToArray().Where(f => f.Duration >= SlowFlushThreshold).ToList();

    public void Append(RunEvent e) => inner.Append(e);

    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        await inner.FlushAsync(cancellationToken);
        if (_count < _flushes.Length) _flushes[_count] = new JournalFlush(started, Stopwatch.GetTimestamp());
        _count++;
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
