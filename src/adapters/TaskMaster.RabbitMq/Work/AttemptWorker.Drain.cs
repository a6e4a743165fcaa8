using MassTransit;
using Microsoft.Extensions.Logging;
using TaskMaster.RabbitMq.Messages;

namespace TaskMaster.RabbitMq.Work;

// How a worker stops: no new attempts, the running ones finish or are handed back, nothing is lost.
public sealed partial class AttemptWorker
{
    /// <summary>
    /// Stops taking attempts, hands back at once those still waiting for the scheduler's answer, gives
    /// the running ones <see cref="WorkerOptions.DrainTimeout"/> to end,
    /// hands the rest back (their processes ended, the dispatch queued again with the state file as
    /// it is now, for another worker), and waits until every result and hand-back is with the broker.
    /// </summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        // Seen by every delivery registered from now on, or that delivery is seen below.
        Interlocked.MemoryBarrier();
        // The endpoint's stop is begun, not awaited, before the running attempts end: it waits for the
        // consume handlers in flight, and the drain must not wait on it to let results out.
        var stopping = _attempts is not null && Interlocked.Exchange(ref _attemptsStopped, 1) == 0
            ? _attempts.StopAsync(cancellationToken)
            : Task.CompletedTask;
        // Nothing of these runs: waiting for their answers would only hold them from other workers. Their
        // consume handlers hand them back, and the endpoint's stop, awaited last, waits for those.
        foreach (var awaiting in _held.Values)
            if (awaiting.TryEndWait(WorkerAttemptStage.HandedBackUnstarted))
                _logger.LogInformation("Task {TaskId} attempt {Attempt} of run {RunId} handed back before it started: it waited for the scheduler's answer",
                    awaiting.Launch.Task.Id, awaiting.Launch.Attempt, awaiting.Dispatch.RunId);
        var running = _held.Values.Where(h => h.Stage == WorkerAttemptStage.Running).ToList();
        _logger.LogInformation("Worker {WorkerId} stopping: {Count} attempts running get {Timeout} to finish", Id, running.Count, _options.DrainTimeout);
        try
        {
            await Task.WhenAll(running.Select(h => h.Ended.Task)).WaitAsync(_options.DrainTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await Task.WhenAll(_held.Values.Where(h => h.Stage == WorkerAttemptStage.Running).Select(HandBackAsync)).ConfigureAwait(false);
        }
        await _sender.FlushAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        await stopping.ConfigureAwait(false);
    }

    private async Task HandBackAsync(WorkerHeldAttempt held)
    {
        if (!held.BeginHandBack()) return;
        _executor.Cancel(held.Launch, kill: true);
        await held.Ended.Task.ConfigureAwait(false);
        FlushLogs(held);
        var dispatch = held.Dispatch with { StateFile = ReadStateFile(held.Dispatch) ?? held.Dispatch.StateFile };
        _logger.LogInformation("Task {TaskId} attempt {Attempt} of run {RunId} handed back", held.Launch.Task.Id, held.Launch.Attempt, dispatch.RunId);
        _sender.Send(async token =>
        {
            // Released first, so that whoever takes it next is its only holder.
            await SendToSchedulerAsync(new AttemptHandedBack(dispatch.DispatchId, dispatch.RunId, Id, "its worker is shutting down"), token).ConfigureAwait(false);
            var queue = await _bus.GetSendEndpoint(_topology.AttemptsAddress).ConfigureAwait(false);
            await queue.Send(dispatch, token).ConfigureAwait(false);
        });
        _held.TryRemove(held.Dispatch.DispatchId, out _);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        if (_heartbeat is not null) await _heartbeat.DisposeAsync().ConfigureAwait(false);
        if (_logFlush is not null) await _logFlush.DisposeAsync().ConfigureAwait(false);
        if (_attempts is not null && Interlocked.Exchange(ref _attemptsStopped, 1) == 0) await _attempts.StopAsync().ConfigureAwait(false);
        if (_control is not null) await _control.StopAsync().ConfigureAwait(false);
        await _sender.DisposeAsync().ConfigureAwait(false);
    }
}
