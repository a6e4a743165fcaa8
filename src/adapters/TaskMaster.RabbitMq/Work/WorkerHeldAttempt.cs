using System.Diagnostics.CodeAnalysis;
using TaskMaster.Core.Scheduling;
using TaskMaster.RabbitMq.Messages;
using TaskMaster.Worker;

namespace TaskMaster.RabbitMq.Work;

/// <summary>
/// An attempt this worker took, from the question to the scheduler (may it start?) to its end: where
/// it stands (<see cref="WorkerAttemptStage"/>), the reporter its process code reports to, and the
/// output lines not yet sent.
/// </summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "see _waitEnded")]
internal sealed class WorkerHeldAttempt(AttemptDispatch dispatch, TaskLaunch launch, AttemptWorker worker) : ITaskReporter, ITaskOutputListener
{
    private readonly Lock _gate = new();
    // Apart from the lines' lock: a stage change never waits for output.
    private readonly Lock _stageGate = new();
    // Never disposed: it has no timer and links to nothing (the waits linked to it dispose their own), and a
    // dispose could race the one cancel a cancel or a drain makes after the answer came.
    private readonly CancellationTokenSource _waitEnded = new();
    private WorkerAttemptStage _stage = WorkerAttemptStage.AwaitingAnswer;
    private List<AttemptLogLine> _lines = [];
    private long _sequence;
    private int _handBack;

    public AttemptDispatch Dispatch { get; } = dispatch;

    public TaskLaunch Launch { get; } = launch;

    public WorkerAttemptStage Stage
    {
        get
        {
            lock (_stageGate) return _stage;
        }
    }

    /// <summary>Cancelled once something other than the answer ended the wait for it (a cancel, a drain).</summary>
    public CancellationToken WaitEnded => _waitEnded.Token;

    /// <summary>
    /// Runs <paramref name="start"/> and marks the attempt running, unless its wait was ended first.
    /// Under the lock <see cref="TryEndWait"/> takes, so a cancel is either before the start (nothing
    /// starts) or after it (it finds the processes to end): never lost between the two.
    /// </summary>
    public bool TryStart(Action start)
    {
        lock (_stageGate)
        {
            if (_stage != WorkerAttemptStage.AwaitingAnswer) return false;
            start();
            _stage = WorkerAttemptStage.Running;
            return true;
        }
    }

    /// <summary>Ends the wait for the answer as <paramref name="stage"/>; false when the attempt no longer waits (it runs, or its wait already ended).</summary>
    public bool TryEndWait(WorkerAttemptStage stage)
    {
        lock (_stageGate)
        {
            if (_stage != WorkerAttemptStage.AwaitingAnswer) return false;
            _stage = stage;
        }
        // Outside the lock: the waiter's continuation may run on this thread.
        _waitEnded.Cancel();
        return true;
    }

    /// <summary>Completes with the attempt's result once its processes have ended and the result is queued to send.</summary>
    public TaskCompletionSource<TaskAttemptResult> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The attempt is being handed back: its end is not its result.</summary>
    public bool HandingBack => Volatile.Read(ref _handBack) == 1;

    public bool BeginHandBack() => Interlocked.Exchange(ref _handBack, 1) == 0;

    public void Progress(TaskLaunch launch, double percent, string? message) => worker.OnProgress(this, percent, message);

    public void Completed(TaskAttemptResult result)
    {
        // Ended only once the result is queued to send: a drain that awaits Ended then flushes the
        // sends must find it among them (the other way round, it could exit before the result left).
        try
        {
            worker.OnEnded(this, result);
        }
        finally
        {
            Ended.TrySetResult(result);
        }
    }

    public void Output(TaskLaunch launch, bool stderr, string line)
    {
        bool full;
        lock (_gate)
        {
            _lines.Add(new AttemptLogLine(worker.Now, stderr ? AttemptOutputStream.Stderr : AttemptOutputStream.Stdout, line));
            full = _lines.Count >= AttemptWorker.MaxLinesPerBatch;
        }
        if (full) worker.FlushLogs(this);
    }

    /// <summary>The lines written since the last batch, as the next batch; null when there are none.</summary>
    public AttemptLogLines? TakeLines(string workerId)
    {
        lock (_gate)
        {
            if (_lines.Count == 0) return null;
            var batch = new AttemptLogLines(Dispatch.RunId, Launch.Task.Id, Launch.Attempt, workerId, _sequence++, _lines);
            _lines = [];
            return batch;
        }
    }
}
