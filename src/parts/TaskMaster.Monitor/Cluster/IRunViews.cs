using TaskMaster.Core.Scheduling;

namespace TaskMaster.Monitor.Cluster;

/// <summary>A view of every run the monitor service folds (its dashboard, its metrics): told each run's events from its start.</summary>
public interface IRunViews
{
    /// <summary>The observers of <paramref name="run"/>, once its start and queue are known (before its first event is folded).</summary>
    IEnumerable<IRunObserver> ObserversFor(ClusterRun run);
}
