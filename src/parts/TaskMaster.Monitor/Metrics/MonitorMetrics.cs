using Prometheus;
using TaskMaster.Monitor.History;

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
    private readonly RunFigureGauges _figures;
    private readonly Gauge _memory, _budget, _clients;
    private readonly Counter _cpu, _diskRead, _diskWritten;

    public MonitorMetrics(CollectorRegistry registry, MonitorRun run, Func<int> feedClients)
    {
        _run = run;
        _feedClients = feedClients;
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        factory.CreateGauge("taskmaster_run_info", "The run this executor runs (value 1).", ["run_id", "queue"])
            .WithLabels(run.RunId, run.Queue.Name).Set(1);
        _figures = new RunFigureGauges(factory, run.Status, run.Time);
        _memory = factory.CreateGauge("taskmaster_executor_memory_bytes", "The executor process's working set.");
        _budget = factory.CreateGauge("taskmaster_executor_memory_budget_bytes", "The executor's O(sqrt n) memory budget for the run's n tasks.");
        _clients = factory.CreateGauge("taskmaster_monitor_feed_clients", "Dashboards connected to the live feed.");
        _cpu = factory.CreateCounter("taskmaster_executor_cpu_seconds_total", "CPU time the executor process has used (not its tasks' processes).");
        _diskRead = factory.CreateCounter("taskmaster_executor_disk_read_bytes_total", "Bytes the executor process has read from storage (Linux /proc/self/io).");
        _diskWritten = factory.CreateCounter("taskmaster_executor_disk_written_bytes_total", "Bytes the executor process has written to storage (Linux /proc/self/io).");
        Events = new RunMetricsObserver(factory);
        registry.AddBeforeCollectCallback(Refresh);
    }

    /// <summary>The observer that moves the event-driven metrics; one of the run's observers.</summary>
    public RunMetricsObserver Events { get; }

    private void Refresh()
    {
        _cpu.IncTo(Environment.CpuUsage.TotalTime.TotalSeconds);
        _memory.Set(Environment.WorkingSet);
        _budget.Set(_run.MemoryBudget.For(_run.Queue.Tasks.Count));
        _clients.Set(_feedClients());
        var (read, written) = ProcessResourceSampler.ReadIo(ProcessResourceSampler.SelfIoFile);
        if (read is { } r) _diskRead.IncTo(r);
        if (written is { } w) _diskWritten.IncTo(w);
        _figures.Refresh();
    }
}
