using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;

namespace TaskMaster.Benchmarks.Durability;

/// <summary>One pause of every managed thread by the garbage collector.</summary>
/// <param name="StartedAt">A <see cref="Stopwatch"/> timestamp.</param>
internal readonly record struct GcPause(long StartedAt, long EndedAt, int Generation)
{
    public TimeSpan Duration => Stopwatch.GetElapsedTime(StartedAt, EndedAt);
}

/// <summary>
/// Records the runtime's own GC pause events (suspension begins, execution restarts) so a long gap
/// between dispatches can be matched with a collection. The runtime stamps each event when it
/// happens; they are delivered later on a thread of their own.
/// </summary>
internal sealed class GcPauseListener : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentQueue<GcPause> _pauses = new();
    // Event times are wall-clock: map them onto the stopwatch the dispatch stamps use.
    private readonly DateTime _wallClockBase = DateTime.UtcNow;
    private readonly long _stopwatchBase = Stopwatch.GetTimestamp();
    private long _suspendedAt;
    private int _generation;

    public IReadOnlyCollection<GcPause> Pauses => _pauses;

    /// <summary>Pauses that overlap <paramref name="from"/>–<paramref name="to"/>.</summary>
    public IEnumerable<GcPause> Within(long from, long to) => _pauses.Where(p => p.StartedAt < to && p.EndedAt > from);

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(eventSource, EventLevel.Informational, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        var at = _stopwatchBase + (long)((e.TimeStamp.ToUniversalTime() - _wallClockBase).TotalSeconds * Stopwatch.Frequency);
        switch (e.EventName)
        {
            case "GCStart_V2" when e.Payload is [_, uint depth, ..]: _generation = (int)depth; break;
            case "GCSuspendEEBegin_V1": _suspendedAt = at; break;
            case "GCRestartEEEnd_V1" when _suspendedAt != 0:
                _pauses.Enqueue(new GcPause(_suspendedAt, at, _generation));
                _suspendedAt = 0;
                break;
        }
    }
}
