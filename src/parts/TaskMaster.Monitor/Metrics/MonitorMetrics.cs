using Prometheus;
using TaskMaster.Core.Policies;
using TaskMaster.Core.ReadModel;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Monitor.Metrics;

/// <summary>
/// The <c>taskmaster_*</c> metrics on the monitor's own registry (so several servers can live in one
/// process, as tests do). Counters and histograms move with events (<see cref="RunMetricsObserver"/>);
/// gauges are read from the status model when Prometheus scrapes. Names and labels are documented in docs/monitoring.md.
/// </summary>
internal sealed class MonitorMetrics
{
    private readonly MonitorRun _run;
    private readonly Func<int> _feedClients;
    private readonly Gauge _tasks, _progress, _autonomy, _efficiency, _errorRate, _recoveryRate, _checkpointAge, _memory, _budget, _clients;
    private readonly Counter _cpu;

    public MonitorMetrics(CollectorRegistry registry, MonitorRun run, Func<int> feedClients)
    {
        _run = run;
        _feedClients = feedClients;
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        factory.CreateGauge("taskmaster_run_info", "The run this executor runs (value 1).", ["run_id", "queue"])
            .WithLabels(run.RunId, run.Queue.Name).Set(1);
        _tasks = factory.CreateGauge("taskmaster_tasks", "Tasks by state.", ["state"]);
        _progress = factory.CreateGauge("taskmaster_run_progress_percent", "Share of the run done, 0-100 (running tasks count by their progress).");
        _autonomy = factory.CreateGauge("taskmaster_autonomy_score", "1 - operator actions / finished tasks.");
        _efficiency = factory.CreateGauge("taskmaster_execution_efficiency", "Time in attempts that succeeded / time in all attempts that ended.");
        _errorRate = factory.CreateGauge("taskmaster_error_rate", "Failed attempts / attempts that ended.");
        _recoveryRate = factory.CreateGauge("taskmaster_recovery_rate", "Transient failures of tasks that later succeeded / transient failures of tasks that have ended.");
        _checkpointAge = factory.CreateGauge("taskmaster_checkpoint_age_seconds", "Seconds since the newest checkpoint was taken (absent before the first).",
            new GaugeConfiguration { SuppressInitialValue = true });
        _memory = factory.CreateGauge("taskmaster_executor_memory_bytes", "The executor process's working set.");
        _budget = factory.CreateGauge("taskmaster_executor_memory_budget_bytes", "The executor's O(sqrt n) memory budget for the run's n tasks.");
        _clients = factory.CreateGauge("taskmaster_monitor_feed_clients", "Dashboards connected to the live feed.");
        _cpu = factory.CreateCounter("taskmaster_executor_cpu_seconds_total", "CPU time the executor process has used (not its tasks' processes).");
        Events = new RunMetricsObserver(factory);
        registry.AddBeforeCollectCallback(Refresh);
    }

    /// <summary>The observer that moves the event-driven metrics; one of the run's observers.</summary>
    public RunMetricsObserver Events { get; }

    private void Refresh()
    {
        _cpu.IncTo(Environment.CpuUsage.TotalTime.TotalSeconds);
        var memory = Environment.WorkingSet;
        _memory.Set(memory);
        _budget.Set(_run.MemoryBudget.For(_run.Queue.Tasks.Count));
        _clients.Set(_feedClients());
        if (_run.Status.Snapshot(detailed: false) is not { } report || _run.Status.Health() is not { } health) return;
        var c = report.TaskCounts;
        foreach (var (state, count) in new[]
                 {
                     (TaskStatus.Pending, c.Pending), (TaskStatus.Ready, c.Ready), (TaskStatus.Running, c.Running),
                     (TaskStatus.RetryWaiting, c.RetryWaiting), (TaskStatus.Succeeded, c.Succeeded), (TaskStatus.Failed, c.Failed),
                     (TaskStatus.Blocked, c.Blocked), (TaskStatus.Skipped, c.Skipped),
                 })
            _tasks.WithLabels(StateLabel(state)).Set(count);
        _progress.Set(report.Progress.Percent);
        _autonomy.Set(report.AutonomyScore);
        _efficiency.Set(health.Efficiency);
        _errorRate.Set(report.ErrorRate);
        _recoveryRate.Set(health.RecoveryRate);
        if (report.LastCheckpoint is { } checkpoint)
            _checkpointAge.Set(Math.Max(0, (_run.Time.GetUtcNow() - checkpoint.Time).TotalSeconds));
    }

    /// <summary>A task state as the <c>state</c> label spells it (as the status JSON does).</summary>
    public static string StateLabel(TaskStatus state) => state switch
    {
        TaskStatus.RetryWaiting => "retry_waiting",
        _ => state.ToString().ToLowerInvariant(),
    };
}
