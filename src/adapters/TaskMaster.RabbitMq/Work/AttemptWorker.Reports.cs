using Microsoft.Extensions.Logging;
using TaskMaster.Core.Scheduling;
using TaskMaster.RabbitMq.Messages;

namespace TaskMaster.RabbitMq.Work;

// What a worker sends back: progress, output lines in batches, heartbeats, and each attempt's result.
public sealed partial class AttemptWorker
{
    internal void OnProgress(WorkerHeldAttempt held, double percent, string? message) =>
        _sender.Send(token => SendToSchedulerAsync(new AttemptProgress(held.Dispatch.DispatchId, held.Dispatch.RunId, percent, message), token));

    /// <summary>An attempt's processes have ended: its result goes back unless the attempt is being handed back.</summary>
    internal void OnEnded(WorkerHeldAttempt held, TaskAttemptResult result)
    {
        _room.Release(held.Dispatch.Task.Cores, held.Dispatch.Task.MemoryBytes);
        if (held.HandingBack) return;
        Report(held.Dispatch, result, ReadStateFile(held.Dispatch), held.TakeLines(Id));
        // Forgotten once the result is on its way: a heartbeat no longer renews its lease.
        _held.TryRemove(held.Dispatch.DispatchId, out _);
    }

    /// <summary>Sends the attempt's last output lines, then its result; retried until the broker has both.</summary>
    private void Report(AttemptDispatch dispatch, TaskAttemptResult result, byte[]? stateFile, AttemptLogLines? lastLines = null)
    {
        var completed = new AttemptCompleted(dispatch.DispatchId, dispatch.RunId, Id, result.Succeeded, result.ExitCode, result.Signal,
            result.FailureKind, result.Duration, result.Reason, result.StderrTail, stateFile);
        _sender.Send(async token =>
        {
            if (lastLines is not null) await _bus.Publish(lastLines, token).ConfigureAwait(false);
            await SendToSchedulerAsync(completed, token).ConfigureAwait(false);
            Interlocked.Increment(ref _completed);
        });
    }

    internal void FlushLogs(WorkerHeldAttempt held)
    {
        if (held.TakeLines(Id) is { } batch) _sender.Send(token => _bus.Publish(batch, token));
    }

    private void FlushAllLogs()
    {
        foreach (var held in _held.Values) FlushLogs(held);
    }

    private void SendHeartbeat()
    {
        // Those waiting for their answer too: a lease the scheduler granted with its yes is renewed before the yes
        // arrives. The scheduler renews only the lease of the worker it said yes to, so naming one makes no holder.
        var attempts = _held.Values
            .Where(h => h.Stage == WorkerAttemptStage.AwaitingAnswer || (h.Stage == WorkerAttemptStage.Running && !h.HandingBack))
            .Select(h => new HeldAttempt(h.Dispatch.RunId, h.Dispatch.DispatchId)).ToList();
        // Not retried: the next one follows soon, and a heartbeat that comes late renews nothing.
        _ = SendHeartbeatAsync(new WorkerHeartbeat(Id, attempts));
    }

    private async Task SendHeartbeatAsync(WorkerHeartbeat heartbeat)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.HeartbeatInterval * 4, _time);
            await SendToSchedulerAsync(heartbeat, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "A heartbeat of worker {WorkerId} was not sent", Id);
        }
    }

    private async Task SendToSchedulerAsync<T>(T message, CancellationToken cancellationToken)
        where T : class
    {
        var scheduler = await _bus.GetSendEndpoint(_topology.SchedulerAddress).ConfigureAwait(false);
        await scheduler.Send(message, cancellationToken).ConfigureAwait(false);
    }

    private byte[]? ReadStateFile(AttemptDispatch dispatch)
    {
        try
        {
            var content = _stateFiles.Read(dispatch.RunId, dispatch.Task.Id, out var tooLarge);
            if (tooLarge) _logger.LogWarning("The state file of task {TaskId} is too large to send with its result: the scheduler keeps the one it had", dispatch.Task.Id);
            return content;
        }
        catch (IOException e)
        {
            _logger.LogWarning(e, "The state file of task {TaskId} could not be read", dispatch.Task.Id);
            return null;
        }
    }
}
