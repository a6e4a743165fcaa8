using TaskMaster.Core.Events;
using TaskMaster.Core.Policies;
using TaskMaster.Core.State;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Core.ReadModel;

/// <summary>
/// Turns a run's state into its <see cref="RunStatusReport"/>. The live model and the home's last
/// known state both go through these functions, so the two give the same report for the same state.
/// </summary>
public static class RunStatusMapper
{
    /// <summary>How many of the newest errors a detailed report lists.</summary>
    public const int RecentErrorLimit = 20;

    /// <summary>The whole report from a state, in O(n): for a state no loop is changing any more.</summary>
    /// <param name="live">True when the run's executor is running it; otherwise an unfinished run is reported stopped.</param>
    /// <param name="concurrency">The run's concurrency, for the time estimate.</param>
    public static RunStatusReport Map(RunState state, bool live, bool detailed, DateTimeOffset now, int concurrency)
    {
        ArgumentNullException.ThrowIfNull(state);
        var facts = new RunFacts();
        facts.Capture(state);
        var running = state.Tasks.Where(t => t.Status == TaskStatus.Running).Select(t => CurrentTaskOf(state, t));
        return Compose(facts, live, running, EtaOf(state, PhaseOf(state.Status, live), concurrency, now),
            detailed ? state.Tasks.Select(t => DetailOf(state, t)).OfType<TaskDetail>().ToList() : null,
            detailed ? RecentErrorsOf(state) : null);
    }

    /// <summary>A run's state as the status names it: an unfinished run whose executor is gone is stopped.</summary>
    public static RunPhase PhaseOf(RunStatus status, bool live) => status switch
    {
        RunStatus.Completed => RunPhase.Completed,
        RunStatus.Failed => RunPhase.Failed,
        RunStatus.Interrupted => RunPhase.Stopped,
        _ when !live => RunPhase.Stopped,
        RunStatus.Paused => RunPhase.Paused,
        _ => RunPhase.Running,
    };

    /// <summary>The running attempt of <paramref name="task"/>.</summary>
    public static CurrentTask CurrentTaskOf(RunState state, TaskRunState task)
    {
        var definition = state.Queue.Tasks[task.Index];
        return new CurrentTask(definition.Id, definition.Title, Math.Round(task.Progress, 1), task.ProgressMessage,
            task.Attempt, 1 + definition.Retries, task.StartedAt);
    }

    /// <summary>What a detailed report says of <paramref name="task"/>; null while it is pending (those are not listed).</summary>
    public static TaskDetail? DetailOf(RunState state, TaskRunState task) => DetailOf(state.Queue.Tasks[task.Index], task.Facts);

    /// <summary>What a detailed report says of the task <paramref name="definition"/> defines, whose state is <paramref name="task"/>.</summary>
    public static TaskDetail? DetailOf(Core.Queue.TaskDefinition definition, in TaskFacts task) => task.Status == TaskStatus.Pending
        ? null
        : new TaskDetail(definition.Id, task.Status, task.Attempt, task.Rare.LastFailure?.Reason, task.Rare.BlockedBy,
            task.StartedAt, task.AttemptEndedAt, task.Duration?.TotalSeconds);

    /// <summary>The error an event records, or null when it records none (the same events <see cref="RunState.ErrorLog"/> keeps).</summary>
    public static RecentError? ErrorOf(RunEvent e) => e switch
    {
        TaskFailed f => new RecentError(f.At, f.Class switch
        {
            TaskFailureClass.Transient => ErrorKind.Transient,
            TaskFailureClass.Critical => ErrorKind.Critical,
            _ => ErrorKind.Permanent,
        }, f.TaskId, f.Attempt, f.Reason),
        ExecutorFaulted x => new RecentError(x.At, ErrorKind.ExecutorFault, x.TaskId, null, x.Reason),
        CheckpointFailed c => new RecentError(c.At, ErrorKind.CheckpointFailed, null, null, c.Error),
        _ => null,
    };

    /// <summary>Seconds until every task has ended: 0 once the run has, null for a stopped run or while nothing is known.</summary>
    /// <remarks>O(n): the live model calls it at most once a second.</remarks>
    public static double? EtaOf(RunState state, RunPhase phase, int concurrency, DateTimeOffset now) => phase switch
    {
        RunPhase.Completed or RunPhase.Failed => 0,
        RunPhase.Stopped => null,
        _ => RunProgress.EstimateRemaining(state, concurrency, now) is { } eta ? Math.Round(eta.TotalSeconds, 1) : null,
    };

    /// <summary>The newest errors of the state's error log, newest first.</summary>
    internal static List<RecentError> RecentErrorsOf(RunState state) =>
        state.ErrorLog.Reverse().Take(RecentErrorLimit).Select(ErrorOf).OfType<RecentError>().ToList();

    /// <summary>The report from its parts; every path to a report ends here.</summary>
    internal static RunStatusReport Compose(
        RunFacts facts, bool live, IEnumerable<CurrentTask> running, double? eta,
        IReadOnlyList<TaskDetail>? tasks, IReadOnlyList<RecentError>? errors)
    {
        var current = running.OrderBy(t => t.StartedAt).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();
        var phase = PhaseOf(facts.Status, live);
        var queue = facts.Queue ?? throw new InvalidOperationException("the run has not started");
        return new RunStatusReport
        {
            RunId = facts.RunId ?? throw new InvalidOperationException("the run has not started"),
            State = phase,
            StateReason = (phase, facts.Status) switch
            {
                (RunPhase.Paused, _) or (RunPhase.Stopped, RunStatus.Interrupted) => facts.StatusReason,
                (RunPhase.Stopped, _) => "the executor ended without recording it: killed or crashed; task-master resume continues the run",
                _ => null,
            },
            Live = live,
            Queue = new QueueRef(queue.Name, queue.SourcePath),
            StartedAt = facts.StartedAt,
            Progress = new ProgressFigures(
                Math.Round(RunProgress.Percent(facts.Total, facts.Finished, current.Sum(t => t.Progress)), 1), facts.Finished, facts.Total),
            TaskCounts = new TaskCounts(facts.Total, facts.Count(TaskStatus.Pending), facts.Count(TaskStatus.Ready),
                facts.Count(TaskStatus.Running), facts.Count(TaskStatus.RetryWaiting), facts.Count(TaskStatus.Succeeded),
                facts.Count(TaskStatus.Failed), facts.Count(TaskStatus.Blocked), facts.Count(TaskStatus.Skipped)),
            CurrentTasks = current,
            EtaSeconds = eta,
            AutonomyScore = Math.Round(facts.AutonomyScore, 4),
            ErrorRate = Math.Round(facts.ErrorRate, 4),
            LastCheckpoint = facts.LastCheckpoint is { } c ? new CheckpointRef(c.At, c.Location) : null,
            MonitorUrl = null,
            Tasks = tasks,
            RecentErrors = errors,
        };
    }
}
