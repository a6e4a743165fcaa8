using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Logging;
using TaskMaster.RabbitMq.Messages;

namespace TaskMaster.RabbitMq.Dispatch;

/// <summary>
/// The scheduler process's side of the broker, shared by the executors of all its runs: sends their
/// attempts, consumes what workers report (from the scheduler queue) and hands it to the run's
/// executor, and watches the leases. A worker starts an attempt only once this process said yes (an
/// attempt cancelled or stopped while it waited in the queue never starts), and a heartbeat renews
/// only the lease of the worker it said yes to. A heartbeat naming an attempt no executor here waits
/// for from that worker is answered with a cancel to it: an orphan of an earlier scheduler, or a copy
/// another worker holds, must not run on. One naming an attempt that awaits its acceptance is ignored.
/// </summary>
public sealed class BrokerDispatcher : IAsyncDisposable
{
    private readonly IBus _bus;
    private readonly BrokerTopology _topology;
    private readonly BrokerDispatchOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BrokerDispatcher> _logger;
    private readonly ReliableSender _sender;
    private readonly ConcurrentDictionary<string, BrokerTaskExecutor> _executors = new(StringComparer.Ordinal);
    private HostReceiveEndpointHandle? _endpoint;
    private ITimer? _leaseTimer;
    private volatile bool _connected = true;
    private Func<bool> _leading = () => true;

    public BrokerDispatcher(IBus bus, BrokerTopology topology, BrokerDispatchOptions options, TimeProvider time, ILogger<BrokerDispatcher> logger)
    {
        _bus = bus;
        _topology = topology;
        _options = options;
        _time = time;
        _logger = logger;
        _sender = new ReliableSender(logger, time);
    }

    /// <summary>Starts consuming the scheduler queue and watching leases (only the leading scheduler does: a standby leaves the queue to it).</summary>
    /// <param name="leading">
    /// Whether this process may still act as the leader; while it says no (a leader woken from a pause, before it
    /// steps down) nothing is answered, cancelled or expired: what it took from the queue meanwhile is dropped (a
    /// result so dropped makes its attempt run again once its lease runs out), never acted on. Null: always.
    /// </param>
    public async Task StartAsync(CancellationToken cancellationToken, Func<bool>? leading = null)
    {
        _leading = leading ?? (() => true);
        _endpoint = _bus.ConnectReceiveEndpoint(_topology.SchedulerQueue, endpoint =>
        {
            // One at a time, in queue order: a hand-back is applied before the next worker's acceptance of the same dispatch.
            endpoint.ConcurrentMessageLimit = 1;
            if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.PrefetchCount = 256;
            endpoint.ConnectReceiveEndpointObserver(new ConnectionWatch(this));
            endpoint.Handler<AttemptAccepted>(context =>
            {
                // Unanswered, the worker asks again later (its request times out), and the leader answers then.
                if (!Leading("an acceptance", context.Message.RunId)) return Task.CompletedTask;
                // Decided here, in queue order; answered off this one-at-a-time consumer, so that the messages
                // behind it (every other worker's acceptance among them) wait for no broker round trip.
                Answer(context.ResponseAddress, context.RequestId, new AttemptAcceptance(context.Message.DispatchId, Accept(context.Message)));
                return Task.CompletedTask;
            });
            endpoint.Apply<WorkerHeartbeat>(heartbeat => { if (Leading("a heartbeat", null)) OnHeartbeat(heartbeat); }, _logger);
            endpoint.Apply<AttemptProgress>(progress => { if (Leading("progress", progress.RunId)) ExecutorOf(progress.RunId)?.Progress(progress); }, _logger);
            endpoint.Apply<AttemptCompleted>(completed => { if (Leading("a result", completed.RunId)) OnCompleted(completed); }, _logger);
            endpoint.Apply<AttemptHandedBack>(handedBack =>
            {
                if (Leading("a hand-back", handedBack.RunId)) ExecutorOf(handedBack.RunId)?.Release(handedBack.DispatchId, handedBack.WorkerId);
            }, _logger);
        });
        await _endpoint.Ready.WaitAsync(cancellationToken).ConfigureAwait(false);
        _leaseTimer = _time.CreateTimer(_ => CheckLeases(), null, _options.LeaseCheckInterval, _options.LeaseCheckInterval);
    }

    /// <summary>The executor of one run; dispose it when the run ends.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="stateFiles">Where the run's task state files are kept (sent with attempts, written from results); null for none.</param>
    /// <exception cref="InvalidOperationException">The run has an executor already.</exception>
    public BrokerTaskExecutor CreateExecutor(string runId, TaskStateFiles? stateFiles)
    {
        var executor = new BrokerTaskExecutor(this, runId, stateFiles, _logger);
        if (!_executors.TryAdd(runId, executor)) throw new InvalidOperationException($"run {runId} already has a broker executor");
        return executor;
    }

    /// <summary>
    /// Stops consuming the scheduler queue and watching leases (the scheduler stepped down): what workers report
    /// from now on waits in the queue for the leader. <see cref="StartAsync"/> consumes again.
    /// </summary>
    public async Task StopConsumingAsync()
    {
        if (_leaseTimer is not null) await _leaseTimer.DisposeAsync().ConfigureAwait(false);
        _leaseTimer = null;
        // Stopped and removed from the bus, so that a later StartAsync connects the queue afresh.
        if (_endpoint is not null) await _endpoint.StopAsync().ConfigureAwait(false);
        _endpoint = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopConsumingAsync().ConfigureAwait(false);
        await _sender.DisposeAsync().ConfigureAwait(false);
    }

    internal void Forget(BrokerTaskExecutor executor) => _executors.TryRemove(new(executor.RunId, executor));

    internal void SendAttempt(AttemptDispatch dispatch) =>
        _sender.Send(async token => await (await _bus.GetSendEndpoint(_topology.AttemptsAddress).ConfigureAwait(false)).Send(dispatch, token).ConfigureAwait(false));

    internal void PublishCancel(CancelAttempts cancel) => _sender.Send(token => _bus.Publish(cancel, token));

    private BrokerTaskExecutor? ExecutorOf(string runId) => _executors.GetValueOrDefault(runId);

    private DateTimeOffset LeaseEnd => _time.GetUtcNow() + _options.LeaseTimeout;

    private bool Accept(AttemptAccepted accepted)
    {
        var start = ExecutorOf(accepted.RunId)?.Accept(accepted.DispatchId, accepted.WorkerId, LeaseEnd) == true;
        if (!start)
            _logger.LogInformation("Worker {WorkerId} took dispatch {DispatchId} of run {RunId}, which no attempt here waits for: it drops it",
                accepted.WorkerId, accepted.DispatchId, accepted.RunId);
        return start;
    }

    /// <summary>The answer to a worker's request, sent as <c>RespondAsync</c> would and retried as a result is.</summary>
    private void Answer(Uri? responseAddress, Guid? requestId, AttemptAcceptance answer)
    {
        if (responseAddress is null)
        {
            _logger.LogWarning("An acceptance of dispatch {DispatchId} came without a response address: it is not answered", answer.DispatchId);
            return;
        }
        _sender.Send(async token => await (await _bus.GetSendEndpoint(responseAddress).ConfigureAwait(false))
            .Send(answer, context => context.RequestId = requestId, token).ConfigureAwait(false));
    }

    /// <summary>Every heartbeat, with its worker's id: a worker's first says it takes attempts.</summary>
    internal event Action<string>? HeartbeatReceived;

    private void OnHeartbeat(WorkerHeartbeat heartbeat)
    {
        HeartbeatReceived?.Invoke(heartbeat.WorkerId);
        var leaseEnds = LeaseEnd;
        foreach (var held in heartbeat.Attempts)
            // One that awaits its acceptance is left alone: the question may be behind this heartbeat in the queue,
            // and the worker waits for the answer a bounded time before it hands the delivery back.
            if ((ExecutorOf(held.RunId)?.Renew(held.DispatchId, heartbeat.WorkerId, leaseEnds) ?? LeaseRenewal.NotWanted) == LeaseRenewal.NotWanted)
                CancelOrphan(held.RunId, held.DispatchId, heartbeat.WorkerId);
    }

    private void OnCompleted(AttemptCompleted completed)
    {
        if (ExecutorOf(completed.RunId)?.Complete(completed) != true)
            _logger.LogInformation("A result of run {RunId} (dispatch {DispatchId}, worker {WorkerId}) was ignored: no attempt waits for it (a duplicate, or one given up on)",
                completed.RunId, completed.DispatchId, completed.WorkerId);
    }

    private void CancelOrphan(string runId, Guid dispatchId, string workerId)
    {
        _logger.LogInformation("Worker {WorkerId} holds dispatch {DispatchId} of run {RunId}, which no attempt here waits for from it: cancelling its copy", workerId, dispatchId, runId);
        PublishCancel(new CancelAttempts(runId, dispatchId, workerId, "no scheduler waits for this attempt"));
    }

    private bool Leading(string what, string? runId)
    {
        if (_leading()) return true;
        _logger.LogWarning("Dropped {What} of run {RunId}: this scheduler may no longer lead (it steps down; the leader acts on what comes next)", what, runId ?? "(any)");
        return false;
    }

    private void CheckLeases()
    {
        if (!_leading()) return;
        // While this process is cut off from the broker, no heartbeat can reach it: no worker is lost for that.
        if (!_connected) return;
        var now = _time.GetUtcNow();
        foreach (var executor in _executors.Values) executor.ExpireLeases(now, _options.LeaseTimeout);
    }

    /// <summary>Pauses lease expiry while the scheduler queue's consumer is down, and grants a grace when it is back.</summary>
    private sealed class ConnectionWatch(BrokerDispatcher dispatcher) : IReceiveEndpointObserver
    {
        public Task Ready(ReceiveEndpointReady ready)
        {
            var until = dispatcher._time.GetUtcNow() + dispatcher._options.ReconnectGrace;
            if (!dispatcher._connected)
                foreach (var executor in dispatcher._executors.Values) executor.ExtendLeases(until);
            dispatcher._connected = true;
            return Task.CompletedTask;
        }

        public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

        public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

        public Task Faulted(ReceiveEndpointFaulted faulted)
        {
            dispatcher._connected = false;
            dispatcher._logger.LogWarning(faulted.Exception, "The scheduler queue's consumer is down: leases are not checked until it is back");
            return Task.CompletedTask;
        }
    }
}
