using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Logging;
using TaskMaster.Core.Policies;
using TaskMaster.Core.Scheduling;
using TaskMaster.RabbitMq.Messages;
using TaskMaster.Worker;
using TaskMaster.LocalHome;

namespace TaskMaster.RabbitMq.Work;

/// <summary>
/// A worker's side of the broker: takes attempts from the attempts queue and runs them with the
/// Worker part's <see cref="ProcessTaskExecutor"/>. An attempt is acknowledged as soon as it is
/// accepted (its <see cref="AttemptAccepted"/> sent first), never when it ends, so a task may run for
/// hours past the broker's <c>consumer_timeout</c>: from then on the lease, renewed by heartbeats, is
/// what tells the scheduler the attempt is in hand. A delivery waits for room at most
/// <see cref="WorkerOptions.RoomWait"/>, and for the scheduler's answer at most
/// <see cref="WorkerOptions.AcceptanceTimeout"/>, and otherwise goes back to the queue; a cancel of an
/// attempt still waiting for its answer drops it at once.
/// </summary>
public sealed partial class AttemptWorker : IAsyncDisposable
{
    internal const int MaxLinesPerBatch = 500;

    private readonly IBus _bus;
    private readonly BrokerTopology _topology;
    private readonly WorkerOptions _options;
    private readonly ProcessTaskExecutor _executor;
    private readonly TaskStateFiles _stateFiles;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ReliableSender _sender;
    private readonly WorkerRoom _room;
    private readonly ConcurrentDictionary<Guid, WorkerHeldAttempt> _held = new();
    private HostReceiveEndpointHandle? _attempts;
    private HostReceiveEndpointHandle? _control;
    // One for the worker's life (it is thread-safe), made once the bus runs: not one built per attempt.
    private IRequestClient<AttemptAccepted>? _acceptance;
    private ITimer? _heartbeat;
    private ITimer? _logFlush;
    private volatile bool _draining;
    private long _completed;
    private int _attemptsStopped;
    private int _disposed;

    public AttemptWorker(IBus bus, BrokerTopology topology, WorkerOptions options, ProcessTaskExecutor executor, TimeProvider time, ILogger<AttemptWorker> logger)
    {
        _bus = bus;
        _topology = topology;
        _options = options;
        _executor = executor;
        _stateFiles = new TaskStateFiles(new HomeLayout(options.Home));
        _time = time;
        _logger = logger;
        _sender = new ReliableSender(logger, time);
        _room = new WorkerRoom(options, time);
    }

    public string Id => _options.Id;

    /// <summary>Attempts running now.</summary>
    public int Running => _held.Values.Count(h => h.Stage == WorkerAttemptStage.Running);

    /// <summary>Attempts taken from the queue whose start waits for the scheduler's answer.</summary>
    public int AwaitingAnswer => _held.Values.Count(h => h.Stage == WorkerAttemptStage.AwaitingAnswer);

    /// <summary>Attempts whose result was sent since the worker started.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    internal DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>
    /// Kills what a previous worker on its home left running, then starts consuming cancels, then
    /// attempts, then heartbeats: a worker's first heartbeat says it takes attempts.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        WorkerLeftovers.Kill(_stateFiles.Home, Id, _logger);
        _logFlush = _time.CreateTimer(_ => FlushAllLogs(), null, _options.LogFlushInterval, _options.LogFlushInterval);
        _control = _bus.ConnectReceiveEndpoint(_topology.WorkerQueue(Id), endpoint =>
        {
            // Its own queue, gone with it: a cancel matters only to the attempts it runs now.
            if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.AutoDelete = true;
            endpoint.Apply<CancelAttempts>(OnCancel, _logger);
        });
        await _control.Ready.WaitAsync(cancellationToken).ConfigureAwait(false);
        _acceptance = _bus.CreateRequestClient<AttemptAccepted>(_topology.SchedulerAddress, _options.AcceptanceTimeout);
        _attempts = _bus.ConnectReceiveEndpoint(_topology.AttemptsQueue, endpoint =>
        {
            if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.PrefetchCount = _options.Concurrency;
            endpoint.ConcurrentMessageLimit = _options.Concurrency;
            // A send that failed (the broker going away) is tried again rather than the attempt parked in an error queue.
            // A malformed dispatch fails the same way every time: straight to the error queue.
            endpoint.UseMessageRetry(retry =>
            {
                retry.Ignore<MalformedMessageException>();
                retry.Intervals(100, 500, 1000, 2000, 5000);
            });
            endpoint.Handler<AttemptDispatch>(OnDispatchAsync);
        });
        await _attempts.Ready.WaitAsync(cancellationToken).ConfigureAwait(false);
        _heartbeat = _time.CreateTimer(_ => SendHeartbeat(), null, TimeSpan.Zero, _options.HeartbeatInterval);
        _logger.LogInformation("Worker {WorkerId} takes attempts: {Concurrency} at once, {Cores} cores, {Memory} bytes of memory (0: not limited)",
            Id, _options.Concurrency, _options.Cores, _options.MemoryBytes);
    }

    private async Task OnDispatchAsync(ConsumeContext<AttemptDispatch> context)
    {
        var dispatch = context.Message;
        if (AttemptDispatchCheck.Problem(dispatch) is { } malformed)
        {
            _logger.LogWarning("A dispatch was refused and moved to the error queue, nothing run: {Problem}", malformed);
            throw new MalformedMessageException($"malformed dispatch: {malformed}");
        }
        if (_held.ContainsKey(dispatch.DispatchId))
        {
            // A redelivery of what runs here (its acknowledgement was lost): it runs already.
            return;
        }
        if (Refusal(dispatch) is { } refusal)
        {
            _logger.LogWarning("Task {TaskId} of run {RunId} refused: {Reason}", dispatch.Task.Id, dispatch.RunId, refusal);
            Report(dispatch, TaskAttemptResult.Failure(Launch(dispatch), TaskFailureKind.StartFailed, refusal, TimeSpan.Zero), stateFile: null);
            return;
        }
        if (_draining || !await _room.TryReserveAsync(dispatch.Task.Cores, dispatch.Task.MemoryBytes, _options.RoomWait, context.CancellationToken).ConfigureAwait(false))
        {
            await PutBackAsync(context, dispatch).ConfigureAwait(false);
            return;
        }
        try
        {
            await AcceptAsync(context, dispatch).ConfigureAwait(false);
        }
        catch
        {
            _room.Release(dispatch.Task.Cores, dispatch.Task.MemoryBytes);
            throw;
        }
    }

    /// <summary>Why this worker cannot run the attempt at all (permanent for the task); null when it can.</summary>
    private string? Refusal(AttemptDispatch dispatch) =>
        !Directory.Exists(dispatch.QueueDirectory)
            ? $"the queue's folder '{dispatch.QueueDirectory}' is not visible on worker {Id}: mount it at the same path on the scheduler and every worker"
            : _room.NeverFits(dispatch.Task.Cores, dispatch.Task.MemoryBytes) is { } tooBig ? $"the task cannot run on worker {Id}: {tooBig}"
            : null;

    private async Task AcceptAsync(ConsumeContext<AttemptDispatch> context, AttemptDispatch dispatch)
    {
        if (_draining)
        {
            _room.Release(dispatch.Task.Cores, dispatch.Task.MemoryBytes);
            await PutBackAsync(context, dispatch).ConfigureAwait(false);
            return;
        }
        var held = new WorkerHeldAttempt(dispatch, Launch(dispatch), this);
        // Known while it waits for its answer: a cancel or a drain finds it, a redelivery is told apart.
        _held[dispatch.DispatchId] = held;
        // A drain that began after the check above did not see it: it is handed back as the drain would.
        if (_draining) held.TryEndWait(WorkerAttemptStage.HandedBackUnstarted);
        try
        {
            // Before the acknowledgement: once the broker forgets the delivery, the scheduler must know who holds it.
            var answer = await AskAsync(held, context.CancellationToken).ConfigureAwait(false);
            // Only after the yes: a dispatch the scheduler does not want (a forged one, a stale copy) must not
            // replace or delete the state file of the task, which may be running here under another dispatch.
            if (answer == true && TryPlaceStateFile(held) && held.TryStart(() => _executor.Start(held.Launch, held))) return;
            // A no, no answer in time, a state file it could not place (reported failed), or a cancel or drain first.
            if (answer is null) held.TryEndWait(WorkerAttemptStage.HandedBackUnstarted);
            else held.TryEndWait(WorkerAttemptStage.Dropped);
            // Forgotten before its copy is queued again: this worker may take the copy at once (another of its
            // slots), and a dispatch still held here would be taken for a redelivery of one it runs, and dropped.
            _held.TryRemove(dispatch.DispatchId, out _);
            if (held.Stage == WorkerAttemptStage.HandedBackUnstarted) await HandBackUnstartedAsync(context, dispatch).ConfigureAwait(false);
        }
        catch
        {
            // Nothing started: the delivery fails and is tried again, as a dispatch this worker does not hold.
            _held.TryRemove(dispatch.DispatchId, out _);
            throw;
        }
        _room.Release(dispatch.Task.Cores, dispatch.Task.MemoryBytes);
    }

    /// <summary>
    /// Asks the scheduler whether the attempt is still wanted and waits at most
    /// <see cref="WorkerOptions.AcceptanceTimeout"/> for its answer: true to start, false not to, null
    /// for no answer in time or a wait ended by a cancel or a drain. A failed send fails the delivery, which is tried again.
    /// </summary>
    private async Task<bool?> AskAsync(WorkerHeldAttempt held, CancellationToken cancellationToken)
    {
        var dispatch = held.Dispatch;
        if (held.WaitEnded.IsCancellationRequested) return null;
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, held.WaitEnded);
        var request = _acceptance!.GetResponse<AttemptAcceptance>(new AttemptAccepted(dispatch.DispatchId, dispatch.RunId, Id), giveUp.Token);
        try
        {
            // Bounded here, whatever the request client does while the broker is away: a request or its answer lost
            // with a restarting broker must not keep the delivery, and the attempt with it, from every other worker.
            var answer = await request.WaitAsync(_options.AcceptanceTimeout, _time, held.WaitEnded).ConfigureAwait(false);
            if (!answer.Message.Start)
                _logger.LogInformation("Task {TaskId} attempt {Attempt} of run {RunId} dropped: the scheduler no longer wants it", dispatch.Task.Id, dispatch.Attempt, dispatch.RunId);
            return answer.Message.Start;
        }
        catch (Exception e) when (e is TimeoutException or RequestTimeoutException)
        {
            _logger.LogWarning("Task {TaskId} attempt {Attempt} of run {RunId}: no answer from the scheduler within {Timeout}; its delivery goes back to the queue, nothing started",
                dispatch.Task.Id, dispatch.Attempt, dispatch.RunId, _options.AcceptanceTimeout);
            return null;
        }
        catch (OperationCanceledException) when (held.WaitEnded.IsCancellationRequested)
        {
            return null;
        }
        finally
        {
            // A request given up on is cancelled, and its end observed: it is no fault of this delivery.
            giveUp.Cancel();
            _ = request.ContinueWith(static t => { _ = t.Exception; }, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// An attempt that never started goes back: the scheduler is told its lease is free (in case it had
    /// said yes, and the answer was late or lost), then the same dispatch is queued again, then this
    /// delivery is acknowledged. A send that fails fails the delivery, which is tried again.
    /// </summary>
    private async Task HandBackUnstartedAsync(ConsumeContext<AttemptDispatch> context, AttemptDispatch dispatch)
    {
        var scheduler = await context.GetSendEndpoint(_topology.SchedulerAddress).ConfigureAwait(false);
        await scheduler.Send(new AttemptHandedBack(dispatch.DispatchId, dispatch.RunId, Id, "it was not started"), context.CancellationToken).ConfigureAwait(false);
        await PutBackAsync(context, dispatch).ConfigureAwait(false);
    }

    /// <summary>Back to the attempts queue, for any worker with room; then this delivery is acknowledged.</summary>
    private async Task PutBackAsync(ConsumeContext<AttemptDispatch> context, AttemptDispatch dispatch)
    {
        var queue = await context.GetSendEndpoint(_topology.AttemptsAddress).ConfigureAwait(false);
        await queue.Send(dispatch, context.CancellationToken).ConfigureAwait(false);
    }

    private static TaskLaunch Launch(AttemptDispatch dispatch) =>
        new(dispatch.RunId, dispatch.TaskIndex, dispatch.Task.ToDefinition(), dispatch.Attempt, dispatch.QueueDirectory);

    /// <summary>The scheduler's copy of the state file is the one the task continues from: a stale local one goes.</summary>
    /// <summary>Places the attempt's state file; when it cannot be, the attempt ends failed (<c>executor_error</c>), with the reason.</summary>
    private bool TryPlaceStateFile(WorkerHeldAttempt held)
    {
        try
        {
            PlaceStateFile(held.Dispatch);
            return true;
        }
        catch (IOException e)
        {
            _logger.LogError(e, "The state file of task {TaskId} could not be placed", held.Dispatch.Task.Id);
            Report(held.Dispatch, TaskAttemptResult.Failure(held.Launch, TaskFailureKind.ExecutorError,
                $"worker {Id} could not place the task's state file: {e.Message}", TimeSpan.Zero), stateFile: null);
            return false;
        }
    }

    private void PlaceStateFile(AttemptDispatch dispatch)
    {
        var path = _stateFiles.Home.TaskStateFile(dispatch.RunId, dispatch.Task.Id);
        if (dispatch.StateFile is { } content) _stateFiles.Write(dispatch.RunId, dispatch.Task.Id, content);
        else if (File.Exists(path)) File.Delete(path);
    }

    private void OnCancel(CancelAttempts cancel)
    {
        foreach (var held in _held.Values)
        {
            if (held.Dispatch.RunId != cancel.RunId) continue;
            if (cancel.DispatchId is { } id && (held.Dispatch.DispatchId != id || (cancel.WorkerId is { } worker && worker != Id))) continue;
            if (held.TryEndWait(WorkerAttemptStage.Dropped))
            {
                // Nothing runs yet: nothing is to end, and the answer, whatever it is, starts nothing.
                _logger.LogInformation("Task {TaskId} attempt {Attempt} of run {RunId} dropped while it waited for the scheduler's answer: {Reason}",
                    held.Launch.Task.Id, held.Launch.Attempt, cancel.RunId, cancel.Reason);
                continue;
            }
            _logger.LogInformation("Task {TaskId} attempt {Attempt} of run {RunId} cancelled: {Reason}", held.Launch.Task.Id, held.Launch.Attempt, cancel.RunId, cancel.Reason);
            _executor.Cancel(held.Launch, kill: cancel.DispatchId is null);
        }
    }
}
