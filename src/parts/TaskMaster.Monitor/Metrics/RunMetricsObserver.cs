using Prometheus;
using TaskMaster.Core.Events;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;

namespace TaskMaster.Monitor.Metrics;

/// <summary>
/// The metrics that count what happened: attempts, retries, failures by class, durations, dispatch
/// latency, checkpoints. Runs on the scheduler's loop; each event costs a few atomic increments.
/// </summary>
internal sealed class RunMetricsObserver : IRunObserver
{
    private readonly Counter _attempts, _retries, _checkpoints, _checkpointFailures;
    private readonly Counter.Child _transient, _permanent, _critical;
    private readonly Histogram _dispatchLatency, _checkpointDuration;
    // By AttemptOutcome: the duration of attempts that ended so, by the one definition (AttemptSpan).
    private readonly Histogram.Child[] _durationByOutcome;
    // When a task that waits for a retry or was put back (cancelled) became ready again, by task index.
    private readonly Dictionary<int, DateTimeOffset> _readyAgainAt = [];
    private DateTimeOffset _runStartedAt;

    public RunMetricsObserver(IMetricFactory factory)
    {
        _attempts = factory.CreateCounter("taskmaster_task_attempts_total", "Attempts started.");
        _retries = factory.CreateCounter("taskmaster_task_retries_total", "Retries scheduled after transient failures.");
        var failures = factory.CreateCounter("taskmaster_task_failures_total", "Failed attempts by class.", ["class"]);
        var duration = factory.CreateHistogram("taskmaster_task_duration_seconds", "Duration of attempts that ended (from their start to the event that ended them), by outcome.",
            new HistogramConfiguration { LabelNames = ["outcome"], Buckets = Histogram.ExponentialBuckets(0.1, 3, 12) });
        _dispatchLatency = factory.CreateHistogram("taskmaster_dispatch_latency_seconds",
            "From a task becoming ready (dependencies met, retry due) to its attempt starting.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0001, 4, 10) });
        _checkpoints = factory.CreateCounter("taskmaster_checkpoints_total", "Checkpoints written.");
        _checkpointFailures = factory.CreateCounter("taskmaster_checkpoint_failures_total", "Checkpoints that could not be written.");
        _checkpointDuration = factory.CreateHistogram("taskmaster_checkpoint_duration_seconds", "Time to build and write a checkpoint.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 4, 10) });
        // Children looked up once: a label lookup per event would cost more than the rest of the observer.
        (_transient, _permanent, _critical) = (failures.WithLabels("transient"), failures.WithLabels("permanent"), failures.WithLabels("critical"));
        _durationByOutcome = Enum.GetValues<AttemptOutcome>()
            .Select(o => o == AttemptOutcome.Running ? null! : duration.WithLabels(o.ToString().ToLowerInvariant())).ToArray();
    }

    public void OnEvent(RunEvent e, RunState state)
    {
        switch (e)
        {
            case RunStarted s: _runStartedAt = s.At; break;
            case TaskStarted s:
                _attempts.Inc();
                _dispatchLatency.Observe(Math.Max(0, (s.At - ReadyAt(state, state.Graph.IndexOf(s.TaskId))).TotalSeconds));
                break;
            case TaskFailed f:
                (f.Class switch { TaskFailureClass.Transient => _transient, TaskFailureClass.Critical => _critical, _ => _permanent }).Inc();
                break;
            case TaskRetryScheduled r:
                _retries.Inc();
                _readyAgainAt[state.Graph.IndexOf(r.TaskId)] = r.DueAt;
                break;
            case TaskCancelled c: _readyAgainAt[state.Graph.IndexOf(c.TaskId)] = c.At; break;
            case TaskOverridden { Action: OverrideAction.Retry } o: _readyAgainAt[state.Graph.IndexOf(o.TaskId)] = o.At; break;
            case TasksRetried r:
                foreach (var id in r.TaskIds) _readyAgainAt[state.Graph.IndexOf(id)] = r.At;
                break;
            case CheckpointTaken c:
                _checkpoints.Inc();
                if (c.Duration is { } duration) _checkpointDuration.Observe(duration.TotalSeconds);
                break;
            case CheckpointFailed: _checkpointFailures.Inc(); break;
        }
        // The state has folded the event: the task's latest attempt carries the duration every view shows.
        if (AttemptSpan.EndedBy(e) is { } ended && state.Task(ended.TaskId) is { Duration: { } took } task && task.Attempt == ended.Attempt)
            _durationByOutcome[(int)ended.Outcome].Observe(took.TotalSeconds);
    }

    /// <summary>When the task became ready: a retry's due time, else when its last dependency ended, or when this run (re)started.</summary>
    private DateTimeOffset ReadyAt(RunState state, int index)
    {
        if (_readyAgainAt.Remove(index, out var again)) return again;
        var ready = _runStartedAt;
        foreach (var dependency in state.Graph.DependenciesOf(index))
            if (state.Tasks[dependency].EndedAt is { } ended && ended > ready) ready = ended;
        return ready;
    }
}
