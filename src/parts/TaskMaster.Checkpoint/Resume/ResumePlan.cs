using Microsoft.Extensions.Logging;
using TaskMaster.Checkpoint.Journal;
using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Events;
using TaskMaster.Core.Graph;
using TaskMaster.Core.Queue;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskMaster.LocalHome;

namespace TaskMaster.Checkpoint.Resume;

/// <summary>
/// What a resume will continue from: a verified checkpoint of a known queue, plus (when no file was
/// named) the journal events written after it.
/// </summary>
public sealed class ResumePlan
{
    private readonly List<string> _notes;
    // What planning read of the journal, until the run reopens it: the journal is read once.
    private JournalReadResult? _journalRead;
    private TaskGraph? _graph;
    private bool _released;

    internal ResumePlan(QueueDefinition queue, CheckpointDocument checkpoint, string checkpointPath, bool fromNamedFile,
        JournalReadResult journalRead, IReadOnlyList<RunEvent> replay, JournalFiles journal, List<string> notes)
    {
        Queue = queue;
        Checkpoint = checkpoint;
        CheckpointPath = checkpointPath;
        FromNamedFile = fromNamedFile;
        Replay = replay;
        ReplayCount = replay.Count;
        ResumePosition = replay.Count > 0 ? replay[^1].Sequence : checkpoint.Journal.Position;
        JournalEnd = journalRead.LastSequence;
        Journal = journal;
        _journalRead = journalRead;
        _notes = notes;
    }

    public QueueDefinition Queue { get; }

    /// <summary>The checkpoint resumed from; without its tasks' states once <see cref="ReleaseTaskStates"/> was called.</summary>
    public CheckpointDocument Checkpoint { get; private set; }

    public string CheckpointPath { get; }

    /// <summary>True for <c>--from-checkpoint FILE</c>: exactly that state, later journal events set aside.</summary>
    public bool FromNamedFile { get; }

    /// <summary>Journal events after the checkpoint that are folded in (none for a named file).</summary>
    public IReadOnlyList<RunEvent> Replay { get; private set; }

    /// <summary>How many journal events after the checkpoint are folded in (still known once <see cref="Replay"/> is released).</summary>
    public int ReplayCount { get; }

    /// <summary>The last sequence in the journal as found.</summary>
    public long JournalEnd { get; }

    /// <summary>The journal the run goes on appending to, and its mirror.</summary>
    public JournalFiles Journal { get; }

    public string JournalPath => Journal.Path;

    /// <summary>
    /// Set when the journal is damaged and <c>--discard-damaged-journal</c> accepted the loss: the run
    /// goes on from the last good event, and these are the records and finished tasks it leaves behind.
    /// </summary>
    public JournalLoss? JournalLoss { get; internal set; }

    /// <summary>The sequence the resumed run continues after.</summary>
    public long ResumePosition { get; }

    /// <summary>Journal events after the named checkpoint that the resume sets aside (a rollback).</summary>
    public long DiscardedEvents => FromNamedFile ? Math.Max(0, JournalEnd - Checkpoint.Journal.Position) : 0;

    /// <summary>What a person should know: a fallback from a refused checkpoint, events set aside.</summary>
    public IReadOnlyList<string> Notes => _notes;

    internal void Note(string note) => _notes.Add(note);

    /// <summary>
    /// Reopens the journal to go on appending after <see cref="ResumePosition"/> (after the checkpoint, for a
    /// named one), from what planning read of it: the journal and its mirror are not read again.
    /// </summary>
    /// <param name="writeMirror">Keep the mirror written (else it is removed: it would no longer follow the journal).</param>
    /// <param name="logger">Where a failing mirror is reported.</param>
    public FileEventJournal OpenJournal(bool writeMirror, ILogger? logger = null)
    {
        var through = FromNamedFile ? Checkpoint.Journal.Position : ResumePosition;
        var read = Interlocked.Exchange(ref _journalRead, null);
        // The plan checked the journal; a loss it accepted (--discard-damaged-journal) is the only one reopening may accept.
        return FileEventJournal.OpenForAppend(
            Journal with { WriteMirror = writeMirror }, new JournalOpening(through, DiscardDamaged: JournalLoss is not null), logger, read).Journal;
    }

    /// <summary>A fresh copy of the state to resume (each consumer folds its own); they share the queue's graph. Thread-safe.</summary>
    public RunState BuildState()
    {
        if (Volatile.Read(ref _released)) throw new InvalidOperationException("the plan's task states were released: build every state before ReleaseTaskStates");
        var state = RunState.Restore(Queue, Checkpoint, Volatile.Read(ref _graph));
        Interlocked.CompareExchange(ref _graph, state.Graph, null);
        foreach (var e in Replay) state.Apply(e);
        return state;
    }

    /// <summary>
    /// Lets go of every task's state in the checkpoint and of the replayed events, once each state the run
    /// needs is built (<see cref="BuildState"/> refuses after this): a resumed 100k-task run no longer keeps
    /// a third copy of each task's state (and its id and status strings) beside the scheduler's and the checkpointer's.
    /// </summary>
    public void ReleaseTaskStates()
    {
        Volatile.Write(ref _released, true);
        Checkpoint = Checkpoint with
        {
            ExecutionState = Checkpoint.ExecutionState with
            {
                Tasks = [], RunningTasks = [], CompletedTasks = [], PendingTasks = [], FailedTasks = [], BlockedTasks = [], SkippedTasks = [],
            },
        };
        Replay = [];
    }

    /// <summary>
    /// Puts tasks' saved state files back before they run again. From a named checkpoint, every
    /// unfinished task gets exactly the checkpoint's copy (or none); otherwise a file still on disk
    /// is newer than the checkpoint's and is kept, and only missing ones are restored.
    /// </summary>
    public IReadOnlyList<string> RestoreStateFiles(HomeLayout home, RunState state) =>
        SavedTaskState.PutBackUnfinished(home, Checkpoint, state, exactly: FromNamedFile);
}
