using System.Runtime.CompilerServices;
using TaskMaster.Core.Events;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Runs;
using TaskMaster.Core.Scheduling;
using TaskMaster.Monitor.Cluster;

namespace TaskMaster.Monitor.Tests.Support;

/// <summary>
/// The cluster's run catalog and event streams in memory (the Redis ones' contract), with a journal
/// per run that appends to its stream, and the queues the runs name. <see cref="FailNextCatalogReads"/>
/// and <see cref="FailNextStreamReads"/> make the next reads throw, as a store that went down.
/// </summary>
internal sealed class InMemoryRuns : IRunCatalog, IRunEventStream, IRunQueueSource
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RunEntry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<RunEvent>> _events = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueueDefinition> _queues = new(StringComparer.Ordinal);
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _failCatalogReads;
    private int _failStreamReads;

    public void FailNextCatalogReads(int count) => Interlocked.Exchange(ref _failCatalogReads, count);

    public void FailNextStreamReads(int count) => Interlocked.Exchange(ref _failStreamReads, count);

    /// <summary>How many stream reads began.</summary>
    public int StreamReads { get; private set; }

    /// <summary>Adds a run to the catalog and gives the journal its scheduler appends to.</summary>
    public IEventJournal Journal(string runId, QueueDefinition queue, DateTimeOffset startedAt)
    {
        lock (_gate)
        {
            _entries[runId] = new RunEntry(runId, queue.Name, startedAt);
            _events[runId] = [];
            _queues[queue.ContentHash] = queue;
        }
        return new StreamJournal(this, runId);
    }

    public void Append(string runId, RunEvent e)
    {
        lock (_gate)
        {
            var events = _events[runId];
            e.Sequence = events.Count + 1;
            events.Add(e);
            _appended.TrySetResult();
            _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public ValueTask AddAsync(RunEntry entry, CancellationToken cancellationToken = default)
    {
        lock (_gate) _entries.TryAdd(entry.RunId, entry);
        return ValueTask.CompletedTask;
    }

    public ValueTask MarkEndedAsync(string runId, DateTimeOffset endedAt, CancellationToken cancellationToken = default)
    {
        lock (_gate) _entries[runId] = _entries[runId] with { EndedAt = endedAt };
        return ValueTask.CompletedTask;
    }

    public ValueTask MarkResumedAsync(string runId, CancellationToken cancellationToken = default)
    {
        lock (_gate) _entries[runId] = _entries[runId] with { EndedAt = null };
        return ValueTask.CompletedTask;
    }

    public async IAsyncEnumerable<RunEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ThrowIfFailing(ref _failCatalogReads);
        RunEntry[] entries;
        lock (_gate) entries = [.. _entries.Values.OrderByDescending(e => e.StartedAt)];
        foreach (var entry in entries)
        {
            await Task.Yield();
            yield return entry;
        }
    }

    public async IAsyncEnumerable<RunEvent> ReadAsync(string runId, long afterSequence, bool follow, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        lock (_gate) StreamReads++;
        ThrowIfFailing(ref _failStreamReads);
        var next = afterSequence;
        while (true)
        {
            RunEvent[] batch;
            Task appended;
            lock (_gate)
            {
                batch = [.. _events[runId].Skip((int)next)];
                appended = _appended.Task;
            }
            foreach (var e in batch)
            {
                next = e.Sequence;
                yield return e;
            }
            if (!follow) yield break;
            if (batch.Length == 0) await appended.WaitAsync(cancellationToken);
        }
    }

    public ValueTask<(QueueDefinition? Queue, string? Problem)> LoadAsync(RunStarted started, CancellationToken cancellationToken)
    {
        lock (_gate)
            return ValueTask.FromResult(_queues.TryGetValue(started.QueueHash, out var queue)
                ? (queue, (string?)null)
                : ((QueueDefinition?)null, $"the queue of run {started.RunId} changed since the run started"));
    }

    /// <summary>Forgets a queue, as a shared volume whose file changed.</summary>
    public void ForgetQueue(QueueDefinition queue)
    {
        lock (_gate) _queues.Remove(queue.ContentHash);
    }

    private static void ThrowIfFailing(ref int failures)
    {
        if (Interlocked.Decrement(ref failures) >= 0) throw new IOException("the store is down");
    }

    private sealed class StreamJournal(InMemoryRuns runs, string runId) : IEventJournal
    {
        public void Append(RunEvent e) => runs.Append(runId, e);

        public ValueTask FlushAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
