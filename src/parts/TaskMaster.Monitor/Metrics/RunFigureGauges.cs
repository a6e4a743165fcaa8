using Prometheus;
using TaskMaster.Core.ReadModel;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Monitor.Metrics;

/// <summary>
/// The gauges of one run read from its status model when Prometheus scrapes: tasks by state,
/// progress, the health figures and the checkpoint's age. An executor's monitor and the monitor
/// service (one set per run, labelled <c>run_id</c>) both publish them through this class.
/// </summary>
internal sealed class RunFigureGauges
{
    private static readonly TaskStatus[] States =
    [
        TaskStatus.Pending, TaskStatus.Ready, TaskStatus.Running, TaskStatus.RetryWaiting,
        TaskStatus.Succeeded, TaskStatus.Failed, TaskStatus.Blocked, TaskStatus.Skipped,
    ];

    private readonly RunStatusModel _status;
    private readonly TimeProvider _time;
    private readonly Gauge _tasks, _progress, _autonomy, _efficiency, _errorRate, _recoveryRate, _checkpointAge;

    public RunFigureGauges(IMetricFactory factory, RunStatusModel status, TimeProvider time)
    {
        (_status, _time) = (status, time);
        _tasks = factory.CreateGauge("taskmaster_tasks", "Tasks by state.", ["state"]);
        _progress = factory.CreateGauge("taskmaster_run_progress_percent", "Share of the run done, 0-100 (running tasks count by their progress).");
        _autonomy = factory.CreateGauge("taskmaster_autonomy_score", "1 - operator actions / finished tasks.");
        _efficiency = factory.CreateGauge("taskmaster_execution_efficiency", "Time in attempts that succeeded / time in all attempts that ended.");
        _errorRate = factory.CreateGauge("taskmaster_error_rate", "Failed attempts / attempts that ended.");
        _recoveryRate = factory.CreateGauge("taskmaster_recovery_rate", "Transient failures of tasks that later succeeded / transient failures of tasks that have ended.");
        _checkpointAge = factory.CreateGauge("taskmaster_checkpoint_age_seconds", "Seconds since the newest checkpoint was taken (absent before the first).",
            new GaugeConfiguration { SuppressInitialValue = true });
    }

    public void Refresh()
    {
        if (_status.Snapshot(detailed: false) is not { } report || _status.Health() is not { } health) return;
        var c = report.TaskCounts;
        foreach (var (state, count) in States.Zip(new[] { c.Pending, c.Ready, c.Running, c.RetryWaiting, c.Succeeded, c.Failed, c.Blocked, c.Skipped }))
            _tasks.WithLabels(StateLabel(state)).Set(count);
        _progress.Set(report.Progress.Percent);
        _autonomy.Set(report.AutonomyScore);
        _efficiency.Set(health.Efficiency);
        _errorRate.Set(report.ErrorRate);
        _recoveryRate.Set(health.RecoveryRate);
        if (report.LastCheckpoint is { } checkpoint)
            _checkpointAge.Set(Math.Max(0, (_time.GetUtcNow() - checkpoint.Time).TotalSeconds));
    }

    /// <summary>A task state as the <c>state</c> label spells it (as the status JSON does).</summary>
    public static string StateLabel(TaskStatus state) => state switch
    {
        TaskStatus.RetryWaiting => "retry_waiting",
        _ => state.ToString().ToLowerInvariant(),
    };
}
