using TaskMaster.Core.Events;
using TaskMaster.Core.Graph;
using TaskMaster.Core.Queue;

namespace TaskMaster.Core.State;

/// <summary>
/// The state of a run: the fold of its events. <see cref="Apply"/> is the only mutator, so
/// replaying the same events over the same queue always gives the same state. Not thread-safe:
/// the scheduler owns it; other threads see it through events or snapshots.
/// </summary>
public sealed partial class RunState
{
    /// <summary>How many failures <see cref="ErrorLog"/> keeps (older ones are only counted).</summary>
    public const int ErrorLogCapacity = 1000;

    private readonly TaskRunState[] _tasks;
    private readonly int[] _countByStatus = new int[Enum.GetValues<TaskStatus>().Length];
    private readonly Queue<int> _ready = new();
    private readonly Queue<RunEvent> _errorLog = new();

    public RunState(QueueDefinition queue, TaskGraph? graph = null)
    {
        Queue = queue;
        Graph = graph ?? TaskGraph.Build(queue);
        _tasks = new TaskRunState[queue.Tasks.Count];
        for (var i = 0; i < _tasks.Length; i++)
            _tasks[i] = new TaskRunState(i) { RemainingDependencies = Graph.DependenciesOf(i).Length };
        _countByStatus[(int)TaskStatus.Pending] = _tasks.Length;
    }

    public QueueDefinition Queue { get; }

    public TaskGraph Graph { get; }

    public string? RunId { get; private set; }

    public RunStatus Status { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>Why the run is paused or was interrupted.</summary>
    public string? StatusReason { get; private set; }

    /// <summary>Sequence number of the last event applied.</summary>
    public long LastSequence { get; private set; }

    public IReadOnlyList<TaskRunState> Tasks => _tasks;

    /// <summary>Cores held by running tasks.</summary>
    public double AllocatedCpu { get; private set; }

    /// <summary>Bytes of memory held by running tasks.</summary>
    public long AllocatedMemory { get; private set; }

    /// <summary>Every failure and executor fault seen, the newest <see cref="ErrorLogCapacity"/> kept.</summary>
    public IReadOnlyCollection<RunEvent> ErrorLog => _errorLog;

    public int TotalFailures { get; private set; }

    /// <summary>Observed durations of successful attempts: their count and sum (for estimates).</summary>
    public int SucceededCount => Count(TaskStatus.Succeeded);

    /// <summary>Time in attempts that met their success criteria (<see cref="AttemptSpan"/>): the numerator of efficiency.</summary>
    public TimeSpan SucceededDurationTotal { get; private set; }

    /// <summary>Time in every attempt that ended, however it ended (<see cref="AttemptSpan"/>): the denominator of efficiency.</summary>
    public TimeSpan AttemptDurationTotal { get; private set; }

    /// <summary>When the last event applied happened (a checkpoint's time after a restore): where a killed executor's attempts end.</summary>
    public DateTimeOffset? LastEventAt { get; private set; }

    /// <summary>Transient failures of tasks that later succeeded: the recovery rate's hits.</summary>
    public int RecoveredFailures { get; private set; }

    /// <summary>Transient failures of tasks that then failed for good (the last one included): the recovery rate's misses.</summary>
    public int UnrecoveredFailures { get; private set; }

    /// <summary>Decisions a person took (pause, continue, stop, override): what the autonomy score counts against.</summary>
    public int OperatorActions { get; private set; }

    /// <summary>The acknowledged request to stop the run, while it winds down; null when none was made.</summary>
    public RunStopRequested? StopRequest { get; private set; }

    /// <summary>The newest checkpoint written, if any.</summary>
    public CheckpointTaken? LastCheckpoint { get; private set; }

    public int Count(TaskStatus status) => _countByStatus[(int)status];

    /// <summary>Tasks in a final state.</summary>
    public int FinishedCount =>
        Count(TaskStatus.Succeeded) + Count(TaskStatus.Failed) + Count(TaskStatus.Blocked) + Count(TaskStatus.Skipped);

    /// <summary>True when no task can run any more.</summary>
    public bool AllFinal => FinishedCount == _tasks.Length;

    /// <summary>
    /// Takes the next task whose dependencies are met and that is still waiting to run, in the order
    /// they became ready; false when there is none.
    /// </summary>
    public bool TryDequeueReady(out int index)
    {
        // Entries are not removed when a ready task starts by another route, so skip stale ones.
        while (_ready.TryDequeue(out index))
            if (_tasks[index].Status == TaskStatus.Ready) return true;
        return false;
    }

    /// <summary>Puts a ready task back at the end of the ready order (it could not start yet).</summary>
    public void RequeueReady(int index)
    {
        if (_tasks[index].Status == TaskStatus.Ready) _ready.Enqueue(index);
    }

    public int ReadyCount => Count(TaskStatus.Ready);

    public TaskRunState Task(string id) => _tasks[Graph.IndexOf(id)];

    /// <summary>Folds one event into the state.</summary>
    public void Apply(RunEvent e) => Apply(e, taskIndex: -1);

    /// <summary>
    /// Folds one event whose task the caller already knows by index. The scheduler always does, and
    /// looking the task up by id in a 100k-entry dictionary for every event was the largest single
    /// cost of dispatch. The index is only a hint: unless it names the event's own task, the id is
    /// looked up as usual, so a wrong hint can never fold an event into another task.
    /// </summary>
    internal void Apply(RunEvent e, int taskIndex)
    {
        switch (e)
        {
            case RunStarted s: OnRunStarted(s); break;
            case TaskStarted s: OnTaskStarted(TaskOf(s.TaskId, taskIndex), s); break;
            case TaskProgressed p:
                var progressed = TaskOf(p.TaskId, taskIndex);
                progressed.Progress = p.Percent;
                progressed.ProgressMessage = p.Message;
                break;
            case TaskSucceeded s: OnTaskSucceeded(TaskOf(s.TaskId, taskIndex), s); break;
            case TaskFailed f: OnTaskFailed(TaskOf(f.TaskId, taskIndex), f); break;
            case TaskRetryScheduled r: TaskOf(r.TaskId, taskIndex).NextRetryAt = r.DueAt; break;
            case TaskCancelled c: OnTaskCancelled(TaskOf(c.TaskId, taskIndex), c); break;
            case TasksBlocked b: OnTasksBlocked(b); break;
            case RunPaused p: OnRunPaused(p); break;
            case RunResumed r: OnRunResumed(r); break;
            case TaskOverridden o: OnTaskOverridden(TaskOf(o.TaskId, taskIndex), o); break;
            case RunStopRequested s: OnRunStopRequested(s); break;
            case TasksRetried r: OnTasksRetried(r); break;
            case ExecutorFaulted f: RecordError(f); break;
            case RunInterrupted i:
                EndOpenAttempts(i);
                Status = RunStatus.Interrupted;
                StatusReason = i.Reason;
                EndedAt = i.At;
                break;
            case RunCompleted c:
                EndOpenAttempts(c);
                Status = c.Succeeded ? RunStatus.Completed : RunStatus.Failed;
                EndedAt = c.At;
                break;
            case CheckpointTaken c: LastCheckpoint = c; break;
            case RunRolledBack r: OnRolledBack(r); break;
            case CheckpointFailed f: RecordError(f); break;
            default: throw new ArgumentException($"Unknown event type {e.GetType().Name}", nameof(e));
        }
        if (e.Sequence > 0) LastSequence = e.Sequence;
        LastEventAt = e.At;
    }

    private void OnRunStarted(RunStarted s)
    {
        RunId = s.RunId;
        StartedAt ??= s.At;
        Status = RunStatus.Running;
        StatusReason = null;
        EndedAt = null;
        StopRequest = null;
        if (s.ResumedFrom is not null)
        {
            // What the killed executor left running ended, as far as anyone knows, with its last event.
            EndOpenAttempts(s);
            return;
        }
        // `status: done` tasks count as finished from the start and release their dependents.
        for (var i = 0; i < _tasks.Length; i++)
            if (Queue.Tasks[i].AlreadyDone) Finish(_tasks[i], TaskStatus.Skipped, s.At);
        for (var i = 0; i < _tasks.Length; i++)
            if (_tasks[i].Status == TaskStatus.Pending && _tasks[i].RemainingDependencies == 0)
                MakeReady(_tasks[i]);
    }

    // Ids are unique, so an equal id proves the hint; the scheduler passes the very same string, which
    // string.Equals settles by reference.
    private TaskRunState TaskOf(string id, int hint) =>
        (uint)hint < (uint)_tasks.Length && string.Equals(Graph.IdOf(hint), id, StringComparison.Ordinal) ? _tasks[hint] : Task(id);

    private void OnTaskStarted(TaskRunState task, TaskStarted s)
    {
        SetStatus(task, TaskStatus.Running);
        task.Attempt = s.Attempt;
        task.StartedAt = s.At;
        task.Duration = null;
        task.Progress = 0;
        task.ProgressMessage = null;
        task.NextRetryAt = null;
        var resources = Queue.Tasks[task.Index].Resources;
        AllocatedCpu += resources.Cpu;
        AllocatedMemory += resources.MemoryBytes;
    }

    private void OnTaskSucceeded(TaskRunState task, TaskSucceeded s)
    {
        if (EndAttempt(task, s.Attempt, s.At) is { } took) SucceededDurationTotal += took;
        Release(task);
        task.Progress = 100;
        RecoveredFailures += task.TransientFailures;
        Finish(task, TaskStatus.Succeeded, s.At);
    }

    private void OnTaskFailed(TaskRunState task, TaskFailed f)
    {
        EndAttempt(task, f.Attempt, f.At);
        Release(task);
        task.LastFailure = f;
        if (f.Class == Policies.TaskFailureClass.Transient) task.TransientFailures++;
        if (f.Class == Policies.TaskFailureClass.Critical) task.ExecutorFailures++;
        RecordError(f);
        if (f.WillRetry) SetStatus(task, TaskStatus.RetryWaiting);
        else
        {
            UnrecoveredFailures += task.TransientFailures;
            Finish(task, TaskStatus.Failed, f.At);
        }
    }

    private void OnTaskCancelled(TaskRunState task, TaskCancelled c)
    {
        EndAttempt(task, c.Attempt, c.At);
        Release(task);
        MakeReady(task);
    }

    private void OnTasksBlocked(TasksBlocked b)
    {
        foreach (var id in b.TaskIds)
        {
            var task = Task(id);
            if (task.Status.IsFinal()) continue;
            task.BlockedBy = b.CauseTaskId;
            Finish(task, TaskStatus.Blocked, b.At);
        }
    }

    private void Finish(TaskRunState task, TaskStatus status, DateTimeOffset at)
    {
        SetStatus(task, status);
        task.EndedAt = at;
        if (!status.SatisfiesDependents()) return;
        foreach (var dependent in Graph.DependentsOf(task.Index))
        {
            var d = _tasks[dependent];
            if (--d.RemainingDependencies == 0 && d.Status == TaskStatus.Pending) MakeReady(d);
        }
    }

    private void MakeReady(TaskRunState task)
    {
        SetStatus(task, TaskStatus.Ready);
        _ready.Enqueue(task.Index);
    }

    /// <summary>
    /// Ends the task's running attempt <paramref name="attempt"/> at <paramref name="at"/> (<see cref="AttemptSpan"/>);
    /// returns its duration, or null when that attempt is not open (already ended, or another one).
    /// </summary>
    private TimeSpan? EndAttempt(TaskRunState task, int attempt, DateTimeOffset at)
    {
        if (task.Status != TaskStatus.Running || task.Attempt != attempt || task.Duration is not null || task.StartedAt is not { } start) return null;
        var took = AttemptSpan.Duration(start, at);
        task.Duration = took;
        AttemptDurationTotal += took;
        return took;
    }

    /// <summary>Ends every attempt still open, as <see cref="AttemptSpan.EndsEveryOpenAttempt"/> says.</summary>
    private void EndOpenAttempts(RunEvent e)
    {
        if (Count(TaskStatus.Running) == 0) return;
        var at = AttemptSpan.EndTime(e, LastEventAt);
        foreach (var task in _tasks)
            if (task.Status == TaskStatus.Running) EndAttempt(task, task.Attempt, at);
    }

    private void Release(TaskRunState task)
    {
        if (task.Status != TaskStatus.Running) return;
        var resources = Queue.Tasks[task.Index].Resources;
        AllocatedCpu = Math.Max(0, AllocatedCpu - resources.Cpu);
        AllocatedMemory = Math.Max(0, AllocatedMemory - resources.MemoryBytes);
    }

    private void SetStatus(TaskRunState task, TaskStatus status)
    {
        _countByStatus[(int)task.Status]--;
        _countByStatus[(int)status]++;
        task.Status = status;
    }

    private void RecordError(RunEvent e)
    {
        TotalFailures++;
        _errorLog.Enqueue(e);
        if (_errorLog.Count > ErrorLogCapacity) _errorLog.Dequeue();
    }
}
