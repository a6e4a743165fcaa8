using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskMaster.LocalHome;

namespace TaskMaster.Monitor.History;

/// <summary>
/// A run's history kept up to date from the events told to it, as the monitor service folds a run of
/// the cluster (there is no journal on its disk to read, as <see cref="JournalHistory"/> does): the
/// attempts' timeline and errors folded as they come, the samples and alerts from the run's monitoring
/// folder under <paramref name="home"/>. Thread-safe: told on the folding thread, read by requests.
/// </summary>
public sealed class FoldedHistory(HomeLayout home, string runId) : IRunObserver
{
    private readonly Lock _gate = new();
    private readonly AttemptTimeline _timeline = new();

    public void OnEvent(RunEvent e, RunState state)
    {
        lock (_gate) _timeline.Apply(e);
    }

    public HistoryDocument Read()
    {
        TimelineEntry[] timeline;
        HistoryError[] errors;
        DateTimeOffset? startedAt;
        lock (_gate) (timeline, errors, startedAt) = (_timeline.Timeline(), _timeline.Errors(), _timeline.StartedAt);
        return HistoryDocument.Compose(home, runId, startedAt, timeline, errors, journalDamage: null);
    }
}
