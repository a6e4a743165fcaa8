using System.Collections.Concurrent;
using Prometheus;
using TaskMaster.Core.Scheduling;
using TaskMaster.Monitor.Metrics;

namespace TaskMaster.Monitor.Cluster;

/// <summary>
/// Every run's <c>taskmaster_*</c> metrics on the monitor service's own <c>/metrics</c>, each series
/// labelled <c>run_id</c>: what one executor's monitor publishes about its run (tasks by state,
/// progress, health figures, checkpoints, attempts, failures, durations), so that one scrape of the
/// service (a ServiceMonitor on its pods) sees every run of the cluster. The executor's own process
/// figures (<c>taskmaster_executor_*</c>) are not among them: the cluster has no executor process.
/// </summary>
public sealed class ClusterRunMetrics : IRunViews
{
    private readonly MetricFactory _factory;
    private readonly ConcurrentDictionary<string, RunFigureGauges> _gauges = new(StringComparer.Ordinal);

    /// <param name="registry">Where the series go: the service's default registry, or a test's own.</param>
    public ClusterRunMetrics(CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _factory = Prometheus.Metrics.WithCustomRegistry(registry);
        registry.AddBeforeCollectCallback(() =>
        {
            foreach (var gauges in _gauges.Values) gauges.Refresh();
        });
    }

    public IEnumerable<IRunObserver> ObserversFor(ClusterRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var factory = _factory.WithLabels(new Dictionary<string, string> { ["run_id"] = run.RunId });
        factory.CreateGauge("taskmaster_run_info", "A run the monitor service follows (value 1).", ["queue"]).WithLabels(run.Queue!.Name).Set(1);
        _gauges[run.RunId] = new RunFigureGauges(factory, run.Status!, run.Time);
        return [new RunMetricsObserver(factory)];
    }
}
