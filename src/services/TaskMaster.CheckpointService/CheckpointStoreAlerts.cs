using System.Collections.Concurrent;
using TaskMaster.Checkpoint.Cluster;
using TaskMaster.Monitor.Alerts;

namespace TaskMaster.CheckpointService;

/// <summary>
/// A store outage as the alert <c>CheckpointStoreDown</c> (critical; labels <c>store</c>, <c>bucket</c>),
/// posted to Alertmanager when the tiered store falls back and resolved when the store is back. Posted by
/// the monitor's <see cref="AlertmanagerPoster"/>, so it is resent while it fires and retried as a run's alerts are.
/// </summary>
internal sealed class CheckpointStoreAlerts(IAlertNotifier notifier, string bucket, TimeProvider time) : ICheckpointStoreAlerts, IAsyncDisposable
{
    public const string Name = "CheckpointStoreDown";

    private readonly ConcurrentDictionary<string, Alert> _firing = new(StringComparer.Ordinal);

    public void Down(string store, string standIn, string problem)
    {
        var now = time.GetUtcNow();
        var alert = new Alert(
            $"{Name}-{store}-{now.ToUnixTimeMilliseconds()}", Name, AlertSeverity.Critical, AlertState.Firing,
            $"checkpoint store {store} is down; {standIn} stands in", problem, now, null,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["store"] = store, ["bucket"] = bucket });
        if (_firing.TryAdd(store, alert)) notifier.Enqueue(alert);
    }

    public void Back(string store)
    {
        if (_firing.TryRemove(store, out var alert))
            notifier.Enqueue(alert with { State = AlertState.Resolved, EndsAt = time.GetUtcNow(), Summary = $"checkpoint store {store} is back" });
    }

    public ValueTask DisposeAsync() => notifier.DisposeAsync();
}
