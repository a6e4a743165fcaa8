using System.Text.Json;
using System.Threading.Channels;
using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskMaster.Monitor.Api;

namespace TaskMaster.Monitor.Feed;

/// <summary>
/// Turns the run's events into the feed's <c>update</c> frames. On the scheduler's loop it only
/// notes which tasks changed and wakes its own task; that task reads the changed rows from the
/// status model and publishes them, at once after a quiet spell, at most once per
/// <see cref="MonitorOptions.FeedCoalescing"/> under a flood (longer when an update took long to
/// build, so that the feed never takes more than a fifth of a core from the run). When the run has
/// ended and its record is complete (its final checkpoint too) the last update is published and the feed is completed.
/// </summary>
internal sealed class RunFeedPublisher : IRunObserver, IAsyncDisposable
{
    // Events carried by one update at most; under a flood the oldest are left out (the rows still say where each task is).
    private const int MaxEventsPerUpdate = 500;

    // Beyond this many tasks, a change to all of them is sent as a resync rather than as every row.
    private const int MaxRowsPerUpdate = 1000;

    private static readonly JsonEncodedText PublishedAt = JsonEncodedText.Encode("published_at");

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _gate = new();
    private readonly MonitorRun _run;
    private readonly MonitorFeed _feed;
    private readonly MonitorOptions _options;
    private readonly Task _loop;
    // What the loop notes, and the other half that the publisher writes out (then clears and hands back): nothing is allocated per event.
    private Batch _pending, _spare;
    private bool _ended;
    // 1 while the loop has been woken and has not yet taken what is pending: one wake per batch, not per event.
    private int _woken;

    public RunFeedPublisher(MonitorRun run, MonitorFeed feed, MonitorOptions options)
    {
        _run = run;
        _feed = feed;
        _options = options;
        (_pending, _spare) = (new Batch(run.Queue.Tasks.Count), new Batch(run.Queue.Tasks.Count));
        _loop = Task.Run(LoopAsync);
    }

    public void OnEvent(RunEvent e, RunState state)
    {
        // Nobody to tell: a client that connects later loads the tasks after its hello, which is after this.
        if (_feed.ClientCount == 0) return;
        lock (_gate)
        {
            Note(_pending.Changed, e, state);
            _pending.Events.Add(e);
        }
        Wake();
    }

    public void OnRunEnded(RunState state)
    {
        lock (_gate) _ended = true;
        Wake();
    }

    private void Wake()
    {
        if (Interlocked.Exchange(ref _woken, 1) == 0) _wake.Writer.TryWrite(true);
    }

    /// <summary>Publishes what is pending, then ends the feed (the run is over or the server stops).</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate) _ended = true;
        Volatile.Write(ref _woken, 1);
        _wake.Writer.TryWrite(true);
        await _loop.ConfigureAwait(false);
    }

    private static void Note(ChangedTasks changed, RunEvent e, RunState state)
    {
        switch (e)
        {
            case TaskStarted s: changed.Add(state.Graph.IndexOf(s.TaskId)); break;
            case TaskProgressed p: changed.Add(state.Graph.IndexOf(p.TaskId)); break;
            case TaskFailed f: changed.Add(state.Graph.IndexOf(f.TaskId)); break;
            case TaskRetryScheduled r: changed.Add(state.Graph.IndexOf(r.TaskId)); break;
            case TaskCancelled c: changed.Add(state.Graph.IndexOf(c.TaskId)); break;
            case TaskSucceeded s:
                var index = state.Graph.IndexOf(s.TaskId);
                changed.Add(index);
                foreach (var dependent in state.Graph.DependentsOf(index)) changed.Add(dependent);
                break;
            case TasksBlocked b:
                foreach (var id in b.TaskIds) changed.Add(state.Graph.IndexOf(id));
                break;
            case TaskOverridden o:
                // The task, what it unblocked, and the dependents of both (as the status model refreshes them).
                foreach (var id in o.Unblocked.Prepend(o.TaskId))
                {
                    var overridden = state.Graph.IndexOf(id);
                    changed.Add(overridden);
                    foreach (var dependent in state.Graph.DependentsOf(overridden)) changed.Add(dependent);
                }
                break;
            case RunPaused or RunResumed or RunStopRequested or ExecutorFaulted or RunInterrupted or RunCompleted or CheckpointTaken or CheckpointFailed: break;
            // RunStarted, a rollback, and any event this list does not know may change every task.
            default: changed.AddAll(); break;
        }
    }

    private async Task LoopAsync()
    {
        var time = _run.Time;
        var lastPublished = long.MinValue;
        var gap = _options.FeedCoalescing;
        while (await _wake.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            _wake.Reader.TryRead(out _);
            var since = lastPublished == long.MinValue ? TimeSpan.MaxValue : time.GetElapsedTime(lastPublished);
            if (since < gap) await Task.Delay(gap - since, time).ConfigureAwait(false);
            lastPublished = time.GetTimestamp();
            bool ended;
            try
            {
                ended = Publish();
                // Publishing takes at most a fifth of a core: after a large update the next one waits longer.
                gap = TimeSpan.FromTicks(Math.Max(_options.FeedCoalescing.Ticks, 4 * time.GetElapsedTime(lastPublished).Ticks));
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException)
            {
                // A feed that cannot be written must not end the run's monitor: clients reload.
                _feed.Broadcast(SseFrame.Resync);
                continue;
            }
            if (!ended) continue;
            _feed.Complete();
            return;
        }
    }

    /// <summary>Publishes one update of what changed since the last; true when the run has ended.</summary>
    private bool Publish()
    {
        Batch batch;
        bool ended;
        lock (_gate)
        {
            Volatile.Write(ref _woken, 0);
            (batch, _pending, _spare, ended) = (_pending, _spare, null!, _ended);
        }
        try
        {
            // Nobody to tell: a client that connects later loads the tasks first. Nothing new since the
            // last update when the run ends: that update was the final one (no second copy of it).
            if (_feed.ClientCount > 0 && !(ended && batch.IsEmpty)) Publish(batch);
            return ended;
        }
        finally
        {
            batch.Clear();
            lock (_gate) _spare = batch;
        }
    }

    private void Publish(Batch batch)
    {
        var status = _run.Status;
        if (status.Snapshot(detailed: false) is not { } report || status.Health() is not { } health) return;
        var all = batch.Changed.All;
        var resync = all && _run.Queue.Tasks.Count > MaxRowsPerUpdate;
        var rows = all ? (resync ? status.RowsOf([]) : status.Rows()) : status.RowsOf(batch.Changed.Indices);
        if (rows is null) return;

        // About what a row and an event take as JSON, so that the buffer seldom grows while it is written.
        using var frame = new FrameBuffer(4096 + 320 * rows.Rows.Count + 256 * batch.Events.Count);
        SseFrame.WriteHead(frame, "update");
        using (var writer = new Utf8JsonWriter(frame))
        {
            writer.WriteStartObject();
            writer.WriteNumber("sequence", rows.Sequence);
            writer.WritePropertyName("summary");
            JsonSerializer.Serialize(writer, FeedSummary.From(report, health, _run), MonitorJson.Options);
            TaskRowJson.WriteArray(writer, "tasks", rows.Rows);
            batch.Events.WriteTo(writer, "events");
            // When the update left the executor: what a page needs to tell the executor's share of a delay from the network's and its own.
            writer.WriteString(PublishedAt, _run.Time.GetUtcNow());
            writer.WriteEndObject();
        }
        SseFrame.WriteTail(frame);
        _feed.Broadcast(frame.ToFrame());
        if (resync) _feed.Broadcast(SseFrame.Resync);
    }

    /// <summary>What changed between two updates: the tasks and the newest events.</summary>
    private sealed class Batch(int taskCount)
    {
        public ChangedTasks Changed { get; } = new(taskCount);

        public EventWindow Events { get; } = new(MaxEventsPerUpdate);

        public bool IsEmpty => !Changed.All && Changed.Indices.Count == 0 && Events.Count == 0;

        public void Clear()
        {
            Changed.Clear();
            Events.Clear();
        }
    }
}
