using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Monitor.History;

/// <summary>
/// The run's figures as the sampler and the alert rules need them, kept from the run's events on
/// the scheduler's loop (O(1) per event, plus the task an event touches) and read as an immutable
/// <see cref="RunFiguresSnapshot"/> from the sampler's thread. Error rate, autonomy and efficiency
/// come from <see cref="RunMetrics"/>, so they match every other view.
/// </summary>
public sealed class RunFigures : IRunObserver
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TaskTrouble> _troubled = new(StringComparer.Ordinal);
    // The figures after the latest event, except the troubled tasks (copied only when read).
    private RunFiguresSnapshot _current = RunFiguresSnapshot.NotStarted;

    public void OnEvent(RunEvent e, RunState state)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(state);
        lock (_gate)
        {
            var activity = _current.LastActivityAt;
            var pausedByOperator = _current.PausedByOperator;
            switch (e)
            {
                case RunStarted s: activity = s.At; _troubled.Clear(); AddFailedTasks(state); break;
                case TaskStarted or TaskProgressed or TaskCancelled: activity = e.At; break;
                case TaskSucceeded s: activity = s.At; _troubled.Remove(s.TaskId); break;
                case TaskFailed f:
                    activity = f.At;
                    var before = _troubled.GetValueOrDefault(f.TaskId);
                    _troubled[f.TaskId] = new TaskTrouble(f.TaskId, (before?.ConsecutiveFailures ?? 0) + 1, !f.WillRetry, f.Reason);
                    break;
                // An operator settled the task's fate by hand (retry, skip, succeed, cancel; `task-master retry`): no longer a failure to chase.
                case TaskOverridden o: _troubled.Remove(o.TaskId); break;
                case TasksRetried r:
                    foreach (var id in r.TaskIds) _troubled.Remove(id);
                    break;
                case RunRolledBack r:
                    foreach (var reset in r.Resets.Where(x => x.Status != TaskStatus.Failed)) _troubled.Remove(reset.TaskId);
                    break;
                case RunPaused p: pausedByOperator = p.ByOperator; break;
                case RunResumed: pausedByOperator = false; break;
            }
            _current = new RunFiguresSnapshot(
                state.RunId, state.Status, pausedByOperator, state.StartedAt, state.Tasks.Count,
                state.Count(TaskStatus.Running), state.FinishedCount, state.Count(TaskStatus.Failed),
                state.SucceededCount + state.TotalFailures, state.TotalFailures,
                RunMetrics.ErrorRate(state), RunMetrics.AutonomyScore(state), RunMetrics.ExecutionEfficiency(state),
                activity, state.LastCheckpoint?.At, []);
        }
    }

    /// <summary>The figures after the latest event.</summary>
    public RunFiguresSnapshot Current
    {
        get
        {
            lock (_gate) return _current with { Troubled = [.. _troubled.Values] };
        }
    }

    // A resumed run starts with its failed-for-good tasks already in the state.
    private void AddFailedTasks(RunState state)
    {
        foreach (var task in state.Tasks.Where(t => t.Status == TaskStatus.Failed))
        {
            var id = state.Queue.Tasks[task.Index].Id;
            _troubled[id] = new TaskTrouble(id, task.TransientFailures + 1, FailedForGood: true, task.LastFailure?.Reason ?? "failed");
        }
    }
}

/// <summary>The run's figures at one moment.</summary>
/// <param name="EndedAttempts">Attempts that ended (succeeded or failed): the error rate's denominator.</param>
/// <param name="LastActivityAt">The latest start, progress, end or cancellation of an attempt.</param>
/// <param name="Troubled">Tasks whose latest attempts failed, and how often in a row.</param>
public sealed record RunFiguresSnapshot(
    string? RunId, RunStatus Status, bool PausedByOperator, DateTimeOffset? StartedAt, int Total,
    int Running, int Finished, int FailedTasks, int EndedAttempts, int FailedAttempts,
    double ErrorRate, double AutonomyScore, double Efficiency,
    DateTimeOffset? LastActivityAt, DateTimeOffset? LastCheckpointAt, IReadOnlyList<TaskTrouble> Troubled)
{
    public static RunFiguresSnapshot NotStarted { get; } =
        new(null, RunStatus.NotStarted, false, null, 0, 0, 0, 0, 0, 0, 0, 1, 1, null, null, []);

    /// <summary>True while the run goes on: started and not yet completed, failed or interrupted.</summary>
    public bool Active => Status is RunStatus.Running or RunStatus.Paused;

    public int Left => Total - Finished;
}

/// <param name="ConsecutiveFailures">Failed attempts since the task last succeeded.</param>
/// <param name="FailedForGood">The latest failure was final: no retry follows.</param>
public sealed record TaskTrouble(string TaskId, int ConsecutiveFailures, bool FailedForGood, string LastReason);
