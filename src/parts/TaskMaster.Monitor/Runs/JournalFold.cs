using TaskMaster.Checkpoint.Journal;
using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskMaster.LocalHome;

namespace TaskMaster.Monitor.Runs;

/// <summary>
/// A run's state folded from its journal, kept up to date by reading only what was appended since
/// the last look (as <see cref="History.JournalHistory"/> keeps its timeline): for a reader outside the
/// executor that must know, again and again, where a task of a running run is. A journal that no
/// longer continues what was read (cut back by a resume from an earlier checkpoint) is folded again whole.
/// A damaged record that valid ones follow (and the mirror cannot repair) ends the fold there: see <see cref="Damage"/>.
/// </summary>
public sealed class JournalFold
{
    private readonly JournalFollower _journal;
    private readonly Core.Queue.QueueDefinition _queue;

    private JournalFold(JournalFollower journal, Core.Queue.QueueDefinition queue)
    {
        _journal = journal;
        _queue = queue;
        State = new RunState(queue);
    }

    public RunState State { get; private set; }

    /// <summary>Where the journal is damaged, when it is: the state stops at the last good event before it.</summary>
    public JournalDamage? Damage => _journal.Damage;

    /// <summary>The run's journal folded so far, or why it cannot be (no journal, no start, its queue file changed).</summary>
    public static (JournalFold? Fold, string? Problem) Open(HomeLayout home, string runId)
    {
        ArgumentNullException.ThrowIfNull(home);
        var journal = new JournalFollower(JournalFiles.Of(home, runId));
        if (!File.Exists(journal.Files.Path)) return (null, $"run {runId} has no journal");
        var (events, _) = journal.ReadMore();
        if (events.Count == 0 || events[0] is not RunStarted started) return (null, $"the journal of run {runId} records no start");
        var (queue, problem) = RunQueue.Load(home, runId, started);
        if (queue is null) return (null, problem);
        var fold = new JournalFold(journal, queue);
        foreach (var e in events) fold.State.Apply(e);
        return (fold, null);
    }

    /// <summary>Folds what was appended since the last call.</summary>
    public void CatchUp()
    {
        var (events, restarted) = _journal.ReadMore();
        if (restarted) State = new RunState(_queue);
        foreach (var e in events) State.Apply(e);
    }
}
