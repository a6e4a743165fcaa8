using Microsoft.Extensions.Logging;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Scheduling;
using TaskMaster.RabbitMq.Messages;

namespace TaskMaster.RabbitMq.Dispatch;

/// <summary>
/// The dispatch seam over RabbitMQ, for one run: an attempt is sent to the attempts queue, a worker
/// takes it and holds its lease with heartbeats, and its result comes back through the process's
/// <see cref="BrokerDispatcher"/>. Each attempt reports exactly one completion: the first result of
/// its dispatch, or its loss when the lease runs out (<see cref="TaskFailureKind.WorkerLost"/>), or its
/// cancel when no worker holds it; whatever else arrives for it is ignored.
/// </summary>
public sealed class BrokerTaskExecutor : ITaskExecutor
{
    private readonly BrokerDispatcher _dispatcher;
    private readonly TaskStateFiles? _stateFiles;
    private readonly ILogger _logger;
    private readonly Dictionary<Guid, BrokerAttempt> _attempts = [];
    private readonly Lock _gate = new();
    private bool _disposed;

    internal BrokerTaskExecutor(BrokerDispatcher dispatcher, string runId, TaskStateFiles? stateFiles, ILogger logger)
    {
        _dispatcher = dispatcher;
        RunId = runId;
        _stateFiles = stateFiles;
        _logger = logger;
    }

    public string RunId { get; }

    /// <summary>How many attempts wait for their end.</summary>
    public int Pending
    {
        get
        {
            lock (_gate) return _attempts.Count;
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The launch is of another run.</exception>
    /// <exception cref="ObjectDisposedException">The executor has been disposed.</exception>
    public void Start(TaskLaunch launch, ITaskReporter reporter)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(reporter);
        if (launch.RunId != RunId) throw new ArgumentException($"the launch is of run {launch.RunId}, this executor's is {RunId}", nameof(launch));
        var attempt = new BrokerAttempt(Guid.NewGuid(), launch, reporter);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // Known before it is sent, so its first answer always finds it.
            _attempts[attempt.DispatchId] = attempt;
        }
        var dispatch = new AttemptDispatch(attempt.DispatchId, RunId, launch.TaskIndex, launch.Attempt, AttemptTask.From(launch.Task),
            launch.QueueDirectory, ReadStateFile(launch));
        _dispatcher.SendAttempt(dispatch);
    }

    /// <inheritdoc />
    public void Cancel(int taskIndex, int attempt)
    {
        foreach (var cancelled in Cancel(a => a.Launch.TaskIndex == taskIndex && a.Launch.Attempt == attempt))
            _dispatcher.PublishCancel(new CancelAttempts(RunId, cancelled, null, "cancelled by the scheduler"));
    }

    /// <inheritdoc />
    /// <remarks>
    /// Every worker kills the run's attempts it holds; those still queued end here at once, and the
    /// worker that takes one later is told not to start it.
    /// </remarks>
    public void CancelAll()
    {
        Cancel(_ => true);
        _dispatcher.PublishCancel(new CancelAttempts(RunId, null, null, "emergency stop"));
    }

    public ValueTask DisposeAsync()
    {
        lock (_gate) _disposed = true;
        _dispatcher.Forget(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Ends locally the matching attempts no worker holds yet (they would only start to be killed) and
    /// returns the held ones, whose workers must be told.
    /// </summary>
    private List<Guid> Cancel(Func<BrokerAttempt, bool> matches)
    {
        var unheld = new List<BrokerAttempt>();
        var held = new List<Guid>();
        lock (_gate)
        {
            foreach (var attempt in _attempts.Values.Where(matches).ToList())
            {
                if (attempt.Holder is null)
                {
                    _attempts.Remove(attempt.DispatchId);
                    unheld.Add(attempt);
                }
                else
                {
                    attempt.CancelRequested = true;
                    held.Add(attempt.DispatchId);
                }
            }
        }
        foreach (var attempt in unheld)
            Report(attempt, TaskAttemptResult.Failure(attempt.Launch, TaskFailureKind.Cancelled, "cancelled before a worker took it", TimeSpan.Zero));
        return held;
    }

    /// <summary>
    /// A worker took the attempt from the queue and asks whether to start it: it becomes the holder, with
    /// a lease, unless another worker is. False when the attempt is not, or no longer, wanted from it.
    /// </summary>
    internal bool Accept(Guid dispatchId, string workerId, DateTimeOffset leaseEnds)
    {
        lock (_gate)
        {
            if (!_attempts.TryGetValue(dispatchId, out var attempt)) return false;
            // Another worker took over a dispatch whose first holder is alive (a redelivery): one runs it.
            if (attempt.Holder is { } holder && holder != workerId) return false;
            attempt.Holder = workerId;
            attempt.LeaseEnds = leaseEnds;
            return true;
        }
    }

    /// <summary>
    /// A worker's heartbeat names the attempt: its lease is renewed only when this executor accepted that
    /// worker as its holder. A heartbeat makes no holder: a worker whose question was lost would otherwise
    /// hold, for as long as it lives, an attempt it never starts.
    /// </summary>
    internal LeaseRenewal Renew(Guid dispatchId, string workerId, DateTimeOffset leaseEnds)
    {
        lock (_gate)
        {
            if (!_attempts.TryGetValue(dispatchId, out var attempt)) return LeaseRenewal.NotWanted;
            if (attempt.Holder is null) return LeaseRenewal.AwaitsAcceptance;
            if (attempt.Holder != workerId) return LeaseRenewal.NotWanted;
            attempt.LeaseEnds = leaseEnds;
            return LeaseRenewal.Renewed;
        }
    }

    /// <summary>
    /// The worker gave the attempt back: it waits in the queue again, held by nobody; or, when it was
    /// cancelled while held, it ends now as cancelled (the worker that takes the copy is told no).
    /// </summary>
    internal void Release(Guid dispatchId, string workerId)
    {
        BrokerAttempt? cancelled = null;
        lock (_gate)
        {
            if (!_attempts.TryGetValue(dispatchId, out var attempt) || attempt.Holder != workerId) return;
            attempt.Holder = null;
            if (attempt.CancelRequested && _attempts.Remove(dispatchId)) cancelled = attempt;
        }
        if (cancelled is not null)
            Report(cancelled, TaskAttemptResult.Failure(cancelled.Launch, TaskFailureKind.Cancelled, $"cancelled; worker {workerId} handed it back", TimeSpan.Zero));
    }

    internal void Progress(AttemptProgress progress)
    {
        BrokerAttempt? attempt;
        lock (_gate) _attempts.TryGetValue(progress.DispatchId, out attempt);
        attempt?.Reporter.Progress(attempt.Launch, progress.Percent, progress.Message);
    }

    /// <summary>Applies a result once: false when its dispatch no longer waits for one.</summary>
    internal bool Complete(AttemptCompleted completed)
    {
        if (!TryTake(completed.DispatchId, out var attempt)) return false;
        if (completed.StateFile is { } state) WriteStateFile(attempt.Launch, state);
        Report(attempt, new TaskAttemptResult(attempt.Launch, completed.Succeeded, completed.ExitCode, completed.Signal,
            completed.Succeeded ? null : completed.FailureKind ?? TaskFailureKind.ExecutorError,
            completed.Duration, completed.Reason, completed.StderrTail));
        return true;
    }

    /// <summary>Renews every lease this process could not see renewed (its own broker connection was down).</summary>
    internal void ExtendLeases(DateTimeOffset until)
    {
        lock (_gate)
            foreach (var attempt in _attempts.Values)
                if (attempt.Holder is not null && attempt.LeaseEnds < until) attempt.LeaseEnds = until;
    }

    /// <summary>Reports the attempts whose lease ran out at <paramref name="now"/>.</summary>
    internal void ExpireLeases(DateTimeOffset now, TimeSpan leaseTimeout)
    {
        List<BrokerAttempt> lost;
        lock (_gate)
        {
            lost = [.. _attempts.Values.Where(a => a.Holder is not null && a.LeaseEnds <= now)];
            foreach (var attempt in lost) _attempts.Remove(attempt.DispatchId);
        }
        foreach (var attempt in lost)
        {
            var reason = $"worker {attempt.Holder} sent no heartbeat for {leaseTimeout.TotalSeconds:0.#}s";
            _logger.LogWarning("Task {TaskId} attempt {Attempt} of run {RunId}: {Reason}", attempt.Launch.Task.Id, attempt.Launch.Attempt, RunId, reason);
            Report(attempt, attempt.CancelRequested
                ? TaskAttemptResult.Failure(attempt.Launch, TaskFailureKind.Cancelled, $"cancelled; {reason}", TimeSpan.Zero)
                : TaskAttemptResult.Failure(attempt.Launch, TaskFailureKind.WorkerLost, reason, TimeSpan.Zero));
            // The worker may only be cut off: should it come back, it must not go on with the attempt.
            _dispatcher.PublishCancel(new CancelAttempts(RunId, attempt.DispatchId, attempt.Holder, "its lease ran out"));
        }
    }

    private bool TryTake(Guid dispatchId, out BrokerAttempt attempt)
    {
        lock (_gate)
        {
            if (_attempts.Remove(dispatchId, out var found))
            {
                attempt = found;
                return true;
            }
        }
        attempt = null!;
        return false;
    }

    private void Report(BrokerAttempt attempt, TaskAttemptResult result)
    {
        try
        {
            attempt.Reporter.Completed(result);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "The reporter of run {RunId} failed on task {TaskId} attempt {Attempt}", RunId, attempt.Launch.Task.Id, attempt.Launch.Attempt);
        }
    }

    private byte[]? ReadStateFile(TaskLaunch launch)
    {
        if (_stateFiles is null) return null;
        try
        {
            var content = _stateFiles.Read(RunId, launch.Task.Id, out var tooLarge);
            if (tooLarge) _logger.LogWarning("The state file of task {TaskId} is too large to send with its attempt: the worker starts without it", launch.Task.Id);
            return content;
        }
        catch (IOException e)
        {
            _logger.LogWarning(e, "The state file of task {TaskId} could not be read: the worker starts without it", launch.Task.Id);
            return null;
        }
    }

    private void WriteStateFile(TaskLaunch launch, byte[] content)
    {
        if (_stateFiles is null) return;
        try
        {
            _stateFiles.Write(RunId, launch.Task.Id, content);
        }
        catch (IOException e)
        {
            _logger.LogError(e, "The state file of task {TaskId} attempt {Attempt} could not be kept", launch.Task.Id, launch.Attempt);
        }
    }
}
