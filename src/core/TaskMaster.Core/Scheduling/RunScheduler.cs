using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Events;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Queue;
using TaskMaster.Core.State;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Core.Scheduling;

/// <summary>
/// Runs a queue: the event-sourced state machine at the heart of TaskMaster. One loop owns the
/// <see cref="RunState"/>; everything else talks to it through its inbox (attempt results,
/// progress, retry timers, stop and control requests). Each step appends its events to the
/// journal, flushes, and only then tells observers and starts processes.
/// </summary>
public sealed partial class RunScheduler : ITaskReporter
{
    // Messages drained per step before dispatching again: bounds latency under a flood of results.
    private const int MaxMessagesPerStep = 4096;

    // How many waiting tasks one dispatch looks past a task that does not fit (backfill).
    private const int BackfillWindow = 64;

    private readonly Channel<object> _inbox = Channel.CreateUnbounded<object>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly QueueDefinition _queue;
    private readonly SchedulerOptions _options;
    private readonly ITaskExecutor _executor;
    private readonly IEventJournal _journal;
    private readonly IRunObserver[] _observers;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RetryPolicy _retryPolicy;
    // QueueDefinition.BaseDirectory is computed (and allocated) on every read; each launch carries it.
    private readonly string _queueDirectory;
    private readonly List<RunEvent> _unpublished = [];
    private readonly List<TaskLaunch> _toLaunch = [];
    private readonly Queue<int> _dueRetries = new();
    private readonly LinkedList<int> _waitingForResources = new();
    private readonly Dictionary<int, ITimer> _retryTimers = [];
    private int _running;
    private StopRequest? _stop;

    public RunScheduler(
        QueueDefinition queue,
        SchedulerOptions options,
        ITaskExecutor executor,
        IEventJournal journal,
        IEnumerable<IRunObserver> observers,
        TimeProvider time,
        ILogger<RunScheduler>? logger = null,
        RetryPolicy? retryPolicy = null,
        RunState? resumeFrom = null,
        ICheckpointSource? checkpoints = null)
    {
        var problems = options.Validate().Concat(ResourceProblems(queue, options)).ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join(Environment.NewLine, problems), nameof(options));
        _queue = queue;
        _options = options;
        _executor = executor;
        _journal = journal;
        _observers = observers.ToArray();
        _time = time;
        _logger = logger ?? NullLogger<RunScheduler>.Instance;
        _retryPolicy = retryPolicy ?? RetryPolicy.Default;
        _queueDirectory = queue.BaseDirectory;
        if (resumeFrom is not null && !ReferenceEquals(resumeFrom.Queue, queue))
            throw new ArgumentException("the state to resume belongs to another queue object", nameof(resumeFrom));
        State = resumeFrom ?? new RunState(queue);
        _resuming = resumeFrom is not null;
        _checkpoints = checkpoints;
        _retried = options.Retry is { } retry ? ChooseRetried(retry) : null;
    }

    /// <summary>The run's state. Owned by the scheduler's loop: read it from observers, or after the run.</summary>
    public RunState State { get; }

    /// <summary>
    /// Tasks that could never start because they need more than the executor has: a run refuses them up front.
    /// </summary>
    public static IEnumerable<string> ResourceProblems(QueueDefinition queue, SchedulerOptions options)
    {
        foreach (var task in queue.Tasks)
        {
            if (task.Resources.Cpu > options.CpuCapacity)
                yield return $"task '{task.Id}' (line {task.Line}) needs cpu={task.Resources.Cpu} but the executor has {options.CpuCapacity} (see --cpus)";
            if (task.Resources.MemoryBytes > options.MemoryCapacity)
                yield return $"task '{task.Id}' (line {task.Line}) needs memory={task.Resources.MemoryBytes} bytes but the executor has {options.MemoryCapacity} (see --memory)";
        }
    }

    /// <summary>Asks the run to stop (a signal, a cancellation): no new attempt starts, running ones are killed, the state is kept.</summary>
    public void RequestStop(string reason, int? signal = null) => _inbox.Writer.TryWrite(new StopRequest(reason, signal));

    /// <summary>Runs until every task reaches a final state or the run is stopped.</summary>
    public async Task<RunSummary> RunAsync(CancellationToken cancellationToken = default)
    {
        await using var registration = cancellationToken.Register(() => RequestStop("cancelled"));
        Emit(new RunStarted(Now, _options.RunId, _queue.Name, _queue.SourcePath, _queue.ContentHash,
            _queue.Tasks.Count, _options.Concurrency, _options.Autonomous,
            // A resumed state must fold RunStarted as a resume, never as a fresh start.
            _resuming ? _options.ResumedFrom ?? "restored state" : _options.ResumedFrom));
        if (_resuming) RequeueInterruptedWork();
        // Journaled with the run's first step, so it is durable before any of the tasks it names starts.
        if (_retried is { } retried) Emit(retried with { At = Now });
        try
        {
            while (true)
            {
                Dispatch();
                await EndStepAsync().ConfigureAwait(false);
                if (TryFinish())
                {
                    await EndStepAsync().ConfigureAwait(false);
                    await RecordFinalCheckpointAsync().ConfigureAwait(false);
                    // A fenced run did not end: it goes on under its new owner, so nothing here may act on an end (a final checkpoint).
                    if (!_fenced) TellRunEnded();
                    break;
                }
                await ReceiveAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var timer in _retryTimers.Values) timer.Dispose();
            _retryTimers.Clear();
            _journalRetryTimer?.Dispose();
            RefuseUnanswered();
        }
        return RunSummary.From(State, Now);
    }

    void ITaskReporter.Progress(TaskLaunch launch, double percent, string? message) =>
        _inbox.Writer.TryWrite(new ProgressReport(launch, percent, message));

    void ITaskReporter.Completed(TaskAttemptResult result) => _inbox.Writer.TryWrite(result);

    private DateTimeOffset Now => _time.GetUtcNow();

    private async ValueTask ReceiveAsync()
    {
        var reader = _inbox.Reader;
        if (!reader.TryRead(out var message))
        {
            await reader.WaitToReadAsync().ConfigureAwait(false);
            if (!reader.TryRead(out message)) return;
        }
        var handled = 0;
        do Handle(message);
        while (++handled < MaxMessagesPerStep && reader.TryRead(out message));
    }

    private void Handle(object message)
    {
        switch (message)
        {
            case TaskAttemptResult result:
                OnAttemptEnded(result);
                // A rollback waits for every running attempt to end, however each ends.
                if (_rollback is not null && _running == 0) LoadRollbackTarget();
                break;
            case ProgressReport progress: OnProgress(progress); break;
            case RetryDue due: OnRetryDue(due); break;
            case StopRequest stop: OnStop(stop); break;
            case RelinquishRequest relinquish: OnRelinquish(relinquish.Reason); break;
            case CheckpointReport report: OnCheckpointReport(report); break;
            case ControlRequest control: OnControl(control); break;
            case RollbackTargetRead read: OnRollbackTargetRead(read); break;
            case JournalRetry: break; // the step's end tries the flush again
        }
    }

    /// <param name="e">The event.</param>
    /// <param name="taskIndex">The index of the task it is about, when it is about one: spares the fold a lookup by id.</param>
    private void Emit(RunEvent e, int taskIndex = -1)
    {
        _journal.Append(e);
        State.Apply(e, taskIndex);
        _unpublished.Add(e);
    }

    /// <summary>Makes the step's events durable, then publishes them, then starts what they decided.</summary>
    private async ValueTask EndStepAsync()
    {
        // A step may only hold a critical task (a retry that came due emits nothing): its checkpoint must still be asked for.
        if (_unpublished.Count == 0 && _toLaunch.Count == 0 && !_checkpointWanted) return;
        if (!await TryFlushJournalAsync().ConfigureAwait(false)) return;
        if (_fenced)
        {
            // Refused for good: what the step holds is not durable and never will be, so nobody may see or act on it.
            _unpublished.Clear();
            _toLaunch.Clear();
            _checkpointWanted = false;
            return;
        }
        foreach (var e in _unpublished)
        {
            foreach (var observer in _observers)
            {
                try { observer.OnEvent(e, State); }
                catch (Exception ex) { LogObserverFailed(ex, observer.GetType().Name); }
            }
        }
        _unpublished.Clear();
        AfterFlush();
        // Asked only now, so that the checkpoint covers every event the step published.
        if (_checkpointWanted)
        {
            _checkpointWanted = false;
            _checkpoints?.RequestCheckpoint("before-critical");
        }
        foreach (var launch in _toLaunch)
        {
            if (_journalAbandoned)
            {
                // Its start never reached the journal and the run is stopping: it must not run.
                _inbox.Writer.TryWrite(TaskAttemptResult.Failure(launch, TaskFailureKind.Cancelled,
                    "not started: the journal cannot be written", TimeSpan.Zero));
                continue;
            }
            try { _executor.Start(launch, this); }
            catch (Exception ex)
            {
                _inbox.Writer.TryWrite(TaskAttemptResult.Failure(launch, TaskFailureKind.ExecutorError,
                    $"could not start: {ex.Message}", TimeSpan.Zero));
            }
        }
        _toLaunch.Clear();
    }

    private void Dispatch()
    {
        if (_stop is not null || State.Status == RunStatus.Paused || _journalFault is not null || _rollback is not null) return;
        while (_running < _options.Concurrency && TryTakeNext(out var index))
        {
            if (MustWaitForCheckpoint(index)) continue;
            var task = State.Tasks[index];
            var attempt = task.Attempt + 1;
            var started = new TaskStarted(Now, _queue.Tasks[index].Id, attempt);
            Emit(started, index);
            if (_queue.Tasks[index].Critical) _criticalStartedAt[index] = started.Sequence;
            _running++;
            _toLaunch.Add(new TaskLaunch(_options.RunId, index, _queue.Tasks[index], attempt, _queueDirectory));
        }
    }

    /// <summary>
    /// The next task to start: ones that did not fit before come first (in order), then due retries,
    /// then newly ready tasks. A task that does not fit waits, and smaller ones behind it may start.
    /// </summary>
    private bool TryTakeNext(out int index)
    {
        index = -1;
        if (_options.CpuCapacity - State.AllocatedCpu <= 1e-9) return false;
        var scanned = 0;
        for (var node = _waitingForResources.First; node is not null && scanned < BackfillWindow; scanned++)
        {
            var next = node.Next;
            if (!IsStartable(node.Value)) _waitingForResources.Remove(node);
            else if (Fits(node.Value))
            {
                index = node.Value;
                _waitingForResources.Remove(node);
                return true;
            }
            node = next;
        }
        while (scanned++ < BackfillWindow)
        {
            if (!TryTakeCleared(out index) && !TryTakeDueRetry(out index) && !State.TryDequeueReady(out index)) return false;
            if (Fits(index)) return true;
            _waitingForResources.AddLast(index);
        }
        return false;
    }

    private bool TryTakeDueRetry(out int index)
    {
        while (_dueRetries.TryDequeue(out index))
            if (State.Tasks[index].Status == TaskStatus.RetryWaiting) return true;
        return false;
    }

    private bool IsStartable(int index) => State.Tasks[index].Status is TaskStatus.Ready or TaskStatus.RetryWaiting;

    private bool Fits(int index)
    {
        var need = _queue.Tasks[index].Resources;
        return State.AllocatedCpu + need.Cpu <= _options.CpuCapacity + 1e-9
            && State.AllocatedMemory + need.MemoryBytes <= _options.MemoryCapacity;
    }

    private void OnStop(StopRequest stop)
    {
        // A stop that lets attempts finish may be made an emergency one; nothing else changes a stop.
        if (_stop is not null && (_stop.Kill || !stop.Kill)) return;
        if (_stop is null)
        {
            foreach (var timer in _retryTimers.Values) timer.Dispose();
            _retryTimers.Clear();
        }
        _stop = _stop is null ? stop : _stop with { Kill = true };
        if (stop.Kill && (_running > 0 || _abandoned.Count > 0)) _executor.CancelAll();
    }

    private bool TryFinish()
    {
        // Another scheduler owns the run: this one ends here, waiting for nothing and writing nothing.
        if (_fenced) return true;
        // Nothing may end while events wait for a journal that cannot take them.
        if (_journalFault is not null && !_journalAbandoned) return false;
        // A rollback whose checkpoint is being read sets tasks back once it arrives: the run goes on then.
        if (_rollbackLoading) return false;
        if (_stop is not null)
        {
            // Attempts an override took away are being killed: the executor exits only once they are gone.
            if (_running > 0 || _abandoned.Count > 0) return false;
            if (State.AllFinal) Emit(new RunCompleted(Now, Succeeded: RunSucceeded()));
            else Emit(new RunInterrupted(Now, _stop.Reason, _stop.Signal));
            return true;
        }
        if (State.AllFinal)
        {
            Emit(new RunCompleted(Now, Succeeded: RunSucceeded()));
            return true;
        }
        // Nothing running, nothing waiting on a timer, not paused, yet work left: it can never progress.
        var idle = _running == 0 && _retryTimers.Count == 0 && _dueRetries.Count == 0 && State.ReadyCount == 0
            && _waitingForResources.Count == 0 && _heldForCheckpoint.Count == 0 && State.Status != RunStatus.Paused;
        if (idle)
        {
            Emit(new RunInterrupted(Now, "no task can make progress", null));
            return true;
        }
        return false;
    }

    private void TellRunEnded()
    {
        foreach (var observer in _observers)
        {
            try { observer.OnRunEnded(State); }
            catch (Exception ex) { LogObserverFailed(ex, observer.GetType().Name); }
        }
    }

    private bool RunSucceeded() => State.Count(TaskStatus.Failed) == 0 && State.Count(TaskStatus.Blocked) == 0;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Observer {Observer} failed; the run goes on")]
    private partial void LogObserverFailed(Exception ex, string observer);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored a stale result for task {TaskId} attempt {Attempt}")]
    private partial void LogStaleResult(string taskId, int attempt);

    private sealed record ProgressReport(TaskLaunch Launch, double Percent, string? Message);

    private sealed record RetryDue(int TaskIndex, int Attempt);

    /// <param name="Kill">Kill running attempts at once (else they may finish).</param>
    private sealed record StopRequest(string Reason, int? Signal, bool Kill = true);

    private sealed record RelinquishRequest(string Reason);
}
