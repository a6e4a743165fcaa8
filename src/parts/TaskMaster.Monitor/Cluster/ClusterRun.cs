using TaskMaster.Core.Events;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Runs;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskMaster.Core.ReadModel;

namespace TaskMaster.Monitor.Cluster;

/// <summary>
/// One run of the cluster as the monitor service knows it: the fold of its journaled events into a
/// <see cref="RunState"/> of its own (no memory shared with the scheduler), told to the same
/// observers as in one process (the status model first, then the monitor's), so every view of it
/// reads as embedded. Fed by one <see cref="RunFollower"/>; read from any thread.
/// </summary>
public sealed class ClusterRun
{
    private readonly IReadOnlyList<IRunViews> _views;
    private IReadOnlyList<IRunObserver> _observers = [];
    private RunState? _state;
    private volatile string? _problem;
    private volatile TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="views">Told of the run once its start is known, for observers of their own.</param>
    public ClusterRun(RunEntry entry, TimeProvider time, IEnumerable<IRunViews>? views = null)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Entry = entry;
        Time = time;
        _views = [.. views ?? []];
    }

    public string RunId => Entry.RunId;

    /// <summary>What the catalog says of it (updated when it ends).</summary>
    public RunEntry Entry { get; internal set; }

    public TimeProvider Time { get; }

    /// <summary>The status read model, as the embedded monitor's; null until the run's start is folded.</summary>
    public RunStatusModel? Status { get; private set; }

    /// <summary>The run's queue, once its start has been folded.</summary>
    public QueueDefinition? Queue { get; private set; }

    /// <summary>The run's start, once folded.</summary>
    public RunStarted? Started { get; private set; }

    /// <summary>The journal position of the last event folded (0 before the first).</summary>
    public long Sequence { get; private set; }

    /// <summary>Why the run cannot be shown (its queue cannot be had, its events do not fold); null when it can.</summary>
    public string? Problem => _problem;

    /// <summary>Whether it has completed (an interrupted run of the cluster is resumed by the scheduler).</summary>
    public bool Ended { get; private set; }

    /// <summary>Completes at the next event folded or problem found (take it before looking at the run, then await it).</summary>
    public Task NextChange => _changed.Task;

    /// <summary>Folds the run's first event, its start, with the queue it names.</summary>
    internal void Begin(RunStarted started, QueueDefinition queue)
    {
        ArgumentNullException.ThrowIfNull(started);
        (Started, Queue) = (started, queue);
        _state = new RunState(queue);
        Status = new RunStatusModel(started.Concurrency, Time);
        _observers = [Status, .. _views.SelectMany(v => v.ObserversFor(this))];
        Apply(started);
    }

    /// <summary>Folds the next event and tells the observers, as the scheduler would have.</summary>
    internal void Apply(RunEvent e)
    {
        if (_state is null) throw new InvalidOperationException($"run {RunId}: an event before its start");
        _state.Apply(e);
        Sequence = e.Sequence;
        Ended = e is RunCompleted;
        foreach (var observer in _observers) observer.OnEvent(e, _state);
        if (Ended) foreach (var observer in _observers) observer.OnRunEnded(_state);
        Signal();
    }

    internal void Fail(string problem)
    {
        _problem = problem;
        Signal();
    }

    private void Signal() => Interlocked.Exchange(ref _changed, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
