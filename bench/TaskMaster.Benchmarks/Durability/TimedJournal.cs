using System.Diagnostics;
using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;

namespace TaskMaster.Benchmarks.Durability;

/// <summary>One journal flush (write and fsync) that took a while, as <see cref="Stopwatch"/> timestamps.</summary>
internal readonly record struct SlowFlush(long StartedAt, long EndedAt)
{
    public TimeSpan Duration => Stopwatch.GetElapsedTime(StartedAt, EndedAt);
}

/// <summary>
/// Wraps the durable journal and keeps every flush longer than <see cref="SlowFlushThreshold"/>:
/// a dispatch gap is a flush waiting for the disk when one covers it. Called on the scheduler's
/// loop only; the list is preallocated, so fast flushes allocate nothing.
/// </summary>
internal sealed class TimedJournal(IEventJournal inner) : IEventJournal
{
    public static readonly TimeSpan SlowFlushThreshold = TimeSpan.FromMilliseconds(2);

    private readonly List<SlowFlush> _slow = new(1024);

    public IReadOnlyList<SlowFlush> SlowFlushes => _slow;

    public void Append(RunEvent e) => inner.Append(e);

    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        await inner.FlushAsync(cancellationToken);
        var ended = Stopwatch.GetTimestamp();
        if (Stopwatch.GetElapsedTime(started, ended) >= SlowFlushThreshold) _slow.Add(new SlowFlush(started, ended));
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
