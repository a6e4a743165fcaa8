using TaskMaster.Checkpoint.Journal;
using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;

namespace TaskMaster.Monitor.Runs;

/// <summary>
/// A run's state folded from its journal, kept up to date by reading only what was appended since
/// the last look (as <see cref="History.JournalHistory"/> keeps its timeline): for a reader outside the
/// executor that must know, again and again, where a task of a running run is. A journal that no
/// longer continues what was read (cut back by a resume from an earlier checkpoint) is folded again whole.
/// </summary>
public sealed class JournalFold
{
    private readonly string _path;
    private readonly Core.Queue.QueueDefinition _queue;
    private long _goodLength;
    private long _lastSequence;

    private JournalFold(string path, Core.Queue.QueueDefinition queue)
    {
        _path = path;
        _queue = queue;
        State = new RunState(queue);
    }

    public RunState State { get; private set; }

    /// <summary>The run's journal folded so far, or why it cannot be (no journal, no start, its queue file changed).</summary>
    public static (JournalFold? Fold, string? Problem) Open(HomeLayout home, string runId)
    {
        ArgumentNullException.ThrowIfNull(home);
        var path = home.JournalPath(runId);
        if (!File.Exists(path)) return (null, $"run {runId} has no journal");
        var read = JournalReader.ReadAppended(path, 0, 0);
        if (read.Events.Count == 0 || read.Events[0] is not RunStarted started) return (null, $"the journal of run {runId} records no start");
        var (queue, problem) = RunQueue.Load(runId, started);
        if (queue is null) return (null, problem);
        var fold = new JournalFold(path, queue);
        fold.Apply(read);
        return (fold, null);
    }

    /// <summary>Folds what was appended since the last call.</summary>
    public void CatchUp()
    {
        var read = JournalReader.ReadAppended(_path, _goodLength, _lastSequence);
        if (read.Problem is not null && !read.TornTail && read.Events.Count == 0 && _lastSequence > 0)
        {
            State = new RunState(_queue);
            read = JournalReader.ReadAppended(_path, 0, 0);
        }
        Apply(read);
    }

    private void Apply(JournalReadResult read)
    {
        foreach (var e in read.Events) State.Apply(e);
        _goodLength = read.GoodLength;
        _lastSequence = read.LastSequence;
    }
}
