using Prometheus;

namespace TaskMaster.Checkpoint.Cluster;

/// <summary>
/// What the cluster's checkpoint store tells Prometheus. The alert rule reads
/// <c>taskmaster_checkpoint_store_up == 0</c> (a store is down and the other is doing its work);
/// <c>taskmaster_checkpoint_store_fallbacks_total</c> counts each operation that fell back.
/// </summary>
public sealed class CheckpointStoreMetrics(IMetricFactory factory)
{
    private readonly Counter _fallbacks = factory.CreateCounter(
        "taskmaster_checkpoint_store_fallbacks_total",
        "Checkpoint operations that used the other store because this one failed.",
        new CounterConfiguration { LabelNames = ["store", "operation"] });

    private readonly Gauge _up = factory.CreateGauge(
        "taskmaster_checkpoint_store_up",
        "1 while the checkpoint store answered its last operation, 0 while it fails and the other store stands in.",
        new GaugeConfiguration { LabelNames = ["store"] });

    public CheckpointStoreMetrics()
        : this(Metrics.DefaultFactory)
    {
    }

    public void FellBack(string store, string operation) => _fallbacks.WithLabels(store, operation).Inc();

    /// <summary>Sets the store's state; true when it changed (for the log's "down" and "back" lines).</summary>
    public bool SetUp(string store, bool up)
    {
        var gauge = _up.WithLabels(store);
        var changed = gauge.Value != (up ? 1 : 0);
        gauge.Set(up ? 1 : 0);
        return changed;
    }

    public double Fallbacks(string store, string operation) => _fallbacks.WithLabels(store, operation).Value;

    public bool IsUp(string store) => _up.WithLabels(store).Value == 1;
}
