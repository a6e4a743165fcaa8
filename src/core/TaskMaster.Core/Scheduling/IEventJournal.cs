using TaskMaster.Core.Events;

namespace TaskMaster.Core.Scheduling;

/// <summary>
/// The journal seam: where a run's events are appended. The scheduler appends the events of one
/// step, then flushes, and only then acts on them (starts processes, tells observers), so an
/// acknowledged event is never lost by a durable journal.
/// </summary>
public interface IEventJournal : IAsyncDisposable
{
    /// <summary>Buffers an event and assigns its <see cref="RunEvent.Sequence"/>.</summary>
    void Append(RunEvent e);

    /// <summary>Makes every appended event durable.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken = default);
}

/// <summary>A journal kept in memory: for tests, benchmarks, and runs that need no durability.</summary>
public sealed class InMemoryEventJournal : IEventJournal
{
    private readonly List<RunEvent> _events = [];

    /// <summary>Keep events (true), or only count them (false) for long benchmark runs.</summary>
    public InMemoryEventJournal(bool keepEvents = true) => KeepEvents = keepEvents;

    public bool KeepEvents { get; }

    public long Count { get; private set; }

    public IReadOnlyList<RunEvent> Events => _events;

    public void Append(RunEvent e)
    {
        e.Sequence = ++Count;
        if (KeepEvents) _events.Add(e);
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
