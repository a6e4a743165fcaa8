using TaskMaster.Core.Scheduling;
using TaskMaster.RabbitMq.Messages;
using TaskMaster.Worker;

namespace TaskMaster.RabbitMq.Work;

/// <summary>
/// An attempt this worker accepted, from its start to its end: the reporter its process code reports
/// to, and the output lines not yet sent.
/// </summary>
internal sealed class WorkerHeldAttempt(AttemptDispatch dispatch, TaskLaunch launch, AttemptWorker worker) : ITaskReporter, ITaskOutputListener
{
    private readonly Lock _gate = new();
    private List<AttemptLogLine> _lines = [];
    private long _sequence;
    private int _handBack;

    public AttemptDispatch Dispatch { get; } = dispatch;

    public TaskLaunch Launch { get; } = launch;

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
