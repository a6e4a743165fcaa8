using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Core.ReadModel;

/// <summary>
/// The status of the run this process executes: kept up to date from events on the scheduler's
/// loop, read as a <see cref="RunStatusReport"/> from any thread (the control API). Cheap per
/// event: it copies the state's O(1) figures and the few tasks the event touches; the O(n) time
/// estimate is recomputed at most once a second and counts down in between. Built from the same
/// <see cref="RunStatusMapper"/> functions as the report of a stopped run, so both read the same.
/// </summary>
public sealed class RunStatusModel(int concurrency, TimeProvider time) : IRunObserver
{
    private static readonly TimeSpan EtaRefresh = TimeSpan.FromSeconds(1);
    private readonly Lock _gate = new();
    private readonly RunFacts _facts = new();
    private readonly Dictionary<int, CurrentTask> _running = [];
    // Newest last, at most RunStatusMapper.RecentErrorLimit.
    private readonly Queue<RecentError> _errors = new();
    // By task index, every task's facts as of the last event that touched it: the rows and details
    // are made from them when read, so a finished task costs its 56 bytes here and no row or detail.
    private TaskFacts[] _tasks = [];
    private Core.Queue.QueueDefinition? _queue;
    private long _sequence;
    // Errors up to this journal position are already in _errors (taken from the state's error log).
    private long _errorsThrough;
    private double? _eta;
    private DateTimeOffset _etaAt = DateTimeOffset.MinValue;
    private bool _started;

    public void OnEvent(RunEvent e, RunState state)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(state);
        lock (_gate)
        {
            switch (e)
            {
                // Every task may have changed: fresh tasks become ready, a resume, a rollback or a retry sets them all.
                case RunStarted or RunRolledBack or TasksRetried: Rebuild(state); break;
                case TaskSucceeded s:
                    var index = Refresh(state, s.TaskId);
                    // Dependents whose last dependency this was are ready now.
                    foreach (var dependent in state.Graph.DependentsOf(index)) Refresh(state, dependent);
                    break;
                case TaskStarted s: Refresh(state, s.TaskId); break;
                case TaskProgressed p: Refresh(state, p.TaskId); break;
                case TaskFailed f: Refresh(state, f.TaskId); break;
                case TaskRetryScheduled r: Refresh(state, r.TaskId); break;
                case TaskCancelled c: Refresh(state, c.TaskId); break;
                case TaskOverridden o:
                    // The task, what it unblocked, and the dependents of both may have changed.
                    foreach (var changed in o.Unblocked.Prepend(o.TaskId).Select(state.Graph.IndexOf).ToList())
                    {
                        Refresh(state, changed);
                        foreach (var dependent in state.Graph.DependentsOf(changed)) Refresh(state, dependent);
                    }
                    break;
                case TasksBlocked b:
                    foreach (var id in b.TaskIds) Refresh(state, id);
                    break;
            }
            if (e.Sequence > _errorsThrough && RunStatusMapper.ErrorOf(e) is { } error) Remember(error);
            if (e.Sequence > 0) _sequence = e.Sequence;
            _facts.Capture(state);
            var now = time.GetUtcNow();
            if (now - _etaAt >= EtaRefresh || e is RunStarted or RunCompleted or RunInterrupted)
            {
                _eta = RunStatusMapper.EtaOf(state, RunStatusMapper.PhaseOf(state.Status, live: true), concurrency, now);
                _etaAt = now;
            }
        }
    }

    /// <summary>The run as it is now; null until it has started.</summary>
    /// <param name="detailed">Also list every task that is not pending, and the recent errors (O(n)).</param>
    public RunStatusReport? Snapshot(bool detailed)
    {
        lock (_gate)
        {
            if (!_started) return null;
            var eta = _eta is { } seconds ? Math.Max(0, Math.Round(seconds - (time.GetUtcNow() - _etaAt).TotalSeconds, 1)) : (double?)null;
            return RunStatusMapper.Compose(_facts, live: true, _running.Values, eta,
                detailed ? Enumerable.Range(0, _tasks.Length).Select(DetailAt).OfType<TaskDetail>().ToList() : null,
                detailed ? _errors.Reverse().ToList() : null);
        }
    }

    /// <summary>The journal position (event sequence) of the last event the model has taken.</summary>
    public long Sequence
    {
        get { lock (_gate) return _sequence; }
    }

    /// <summary>Every task's row (queue order) and the journal position they reflect; null until the run has started.</summary>
    public TaskRows? Rows()
    {
        lock (_gate) return _started ? new TaskRows(_sequence, Enumerable.Range(0, _tasks.Length).Select(RowAt).ToArray()) : null;
    }

    /// <summary>The rows of the tasks at <paramref name="indices"/> and the journal position they reflect; null until the run has started.</summary>
    public TaskRows? RowsOf(IEnumerable<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        lock (_gate) return _started ? new TaskRows(_sequence, indices.Select(RowAt).ToArray()) : null;
    }

    /// <summary>The figures the status report leaves out; null until the run has started.</summary>
    public HealthFigures? Health()
    {
        lock (_gate)
        {
            if (!_started) return null;
            return new HealthFigures(Math.Round(_facts.Efficiency, 4), Math.Round(_facts.RecoveryRate, 4));
        }
    }

    private void Rebuild(RunState state)
    {
        _started = true;
        if (_tasks.Length != state.Tasks.Count) _tasks = new TaskFacts[state.Tasks.Count];
        _queue = state.Queue;
        _running.Clear();
        foreach (var task in state.Tasks) Refresh(state, task.Index);
        _errors.Clear();
        foreach (var error in Enumerable.Reverse(RunStatusMapper.RecentErrorsOf(state))) _errors.Enqueue(error);
        // The state is the step's end: its error log already holds the errors of the step's later events.
        _errorsThrough = state.LastSequence;
    }

    private int Refresh(RunState state, string taskId)
    {
        var index = state.Graph.IndexOf(taskId);
        Refresh(state, index);
        return index;
    }

    private void Refresh(RunState state, int index)
    {
        var task = state.Tasks[index];
        _tasks[index] = task.Facts;
        if (task.Status == TaskStatus.Running) _running[index] = RunStatusMapper.CurrentTaskOf(state, task);
        else _running.Remove(index);
    }

    // Under the lock.
    private TaskRow RowAt(int index) => TaskRow.Of(_queue!.Tasks[index], _tasks[index]);

    // Under the lock: a pending task is not listed.
    private TaskDetail? DetailAt(int index) => RunStatusMapper.DetailOf(_queue!.Tasks[index], _tasks[index]);

    private void Remember(RecentError error)
    {
        _errors.Enqueue(error);
        if (_errors.Count > RunStatusMapper.RecentErrorLimit) _errors.Dequeue();
    }
}

/// <summary>Task rows and the journal position (event sequence) they reflect.</summary>
public sealed record TaskRows(long Sequence, IReadOnlyList<TaskRow> Rows);

/// <param name="Efficiency">Time in attempts that succeeded ÷ time in all attempts (<see cref="RunMetrics.ExecutionEfficiency"/>).</param>
/// <param name="RecoveryRate">Transient failures later recovered (<see cref="RunMetrics.RecoveryRate"/>).</param>
public sealed record HealthFigures(double Efficiency, double RecoveryRate);
