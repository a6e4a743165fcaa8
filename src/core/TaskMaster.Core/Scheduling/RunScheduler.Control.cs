using TaskMaster.Core.Display;
using TaskMaster.Core.Events;
using TaskMaster.Core.State;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Core.Scheduling;

// Operator controls: pause, continue, stop, and overriding a task. Each is a message to the loop;
// its caller hears back only once the step that carried it out is in the journal.
public sealed partial class RunScheduler
{
    private readonly List<(ControlRequest Request, ControlOutcome Outcome)> _replies = [];
    // Attempts an override took the task away from: killed, their late results ignored.
    private readonly HashSet<(int TaskIndex, int Attempt)> _abandoned = [];
    private readonly List<(int TaskIndex, int Attempt)> _toKill = [];
    private readonly Lock _drainGate = new();
    private volatile bool _loopEnded;

    /// <summary>True when the run ended because an operator stopped it.</summary>
    public bool StoppedByOperator => State.StopRequest?.ByOperator == true && State.Status == RunStatus.Interrupted;

    /// <summary>Stops dispatching new attempts; running ones go on. Pausing a paused run changes nothing.</summary>
    /// <exception cref="ControlRefusedException">The run has ended.</exception>
    public Task<ControlOutcome> PauseAsync(string? reason, CancellationToken cancellationToken = default) =>
        PostAsync(new PauseCommand(reason), cancellationToken);

    /// <summary>Dispatches again after a pause, whoever made it (an operator or a policy).</summary>
    /// <exception cref="ControlRefusedException">The run has ended or is stopping.</exception>
    public Task<ControlOutcome> ContinueAsync(string? reason, CancellationToken cancellationToken = default) =>
        PostAsync(new ContinueCommand(reason), cancellationToken);

    /// <summary>
    /// Stops the run: nothing starts once acknowledged; running attempts finish (or, with
    /// <paramref name="emergency"/>, their process trees are killed at once); then the run ends as interrupted.
    /// </summary>
    /// <exception cref="ControlRefusedException">The run has ended.</exception>
    public Task<ControlOutcome> StopAsync(bool emergency, string? reason, CancellationToken cancellationToken = default) =>
        PostAsync(new StopCommand(emergency, reason), cancellationToken);

    /// <summary>Decides a task's fate by hand; docs/control.md has what each action does in each task state.</summary>
    /// <exception cref="ControlRefusedException">No such task, or the action is impossible in its state.</exception>
    public Task<ControlOutcome> OverrideAsync(string taskId, OverrideAction action, string? reason, CancellationToken cancellationToken = default) =>
        PostAsync(new OverrideCommand(taskId, action, reason), cancellationToken);

    private async Task<ControlOutcome> PostAsync(object command, CancellationToken cancellationToken)
    {
        var request = new ControlRequest(command, new TaskCompletionSource<ControlOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        _inbox.Writer.TryWrite(request);
        if (_loopEnded) RefuseUnanswered();
        return await request.Reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void OnControl(ControlRequest request)
    {
        try
        {
            if (State.Status is RunStatus.Completed or RunStatus.Failed or RunStatus.Interrupted)
                throw new ControlRefusedException(ControlRefusal.Impossible, $"the run has ended ({State.Status.ToString().ToLowerInvariant()})");
            var outcome = request.Command switch
            {
                PauseCommand p => Pause(p.Reason),
                ContinueCommand c => Continue(c.Reason),
                StopCommand s => Stop(s.Emergency, s.Reason),
                OverrideCommand o => Override(o.TaskId, o.Action, o.Reason),
                _ => throw new ArgumentException($"unknown control command {request.Command.GetType().Name}", nameof(request)),
            };
            if (outcome.JournalPosition == 0) request.Reply.TrySetResult(outcome);
            else _replies.Add((request, outcome));
        }
        catch (ControlRefusedException e)
        {
            request.Reply.TrySetException(e);
        }
    }

    private ControlOutcome Pause(string? reason)
    {
        if (_stop is not null) return Unchanged($"the run is stopping ({_stop.Reason}): nothing starts any more");
        if (State.Status == RunStatus.Paused) return Unchanged($"already paused: {State.StatusReason}");
        var paused = new RunPaused(Now, Why(reason, "paused by an operator"), ByOperator: true);
        Emit(paused);
        return Changed($"paused: {Counted.Of(_running, "attempt")} still running", paused);
    }

    private ControlOutcome Continue(string? reason)
    {
        if (_stop is not null)
            throw new ControlRefusedException(ControlRefusal.Impossible, $"the run is stopping ({_stop.Reason}); once it has, `task-master resume` continues it");
        if (State.Status != RunStatus.Paused) return Unchanged("not paused: the run is already dispatching");
        var lifted = State.StatusReason;
        var resumed = new RunResumed(Now, Why(reason, "continued by an operator"), ByOperator: true);
        Emit(resumed);
        return Changed($"continued (the pause was: {lifted})", resumed);
    }

    private ControlOutcome Stop(bool emergency, string? reason)
    {
        if (_stop is not null && (_stop.Kill || !emergency))
            return Unchanged($"already stopping ({_stop.Reason}); {Counted.Of(_running, "attempt")} still running");
        var why = Why(reason, "stopped by an operator");
        var requested = new RunStopRequested(Now, why, emergency, ByOperator: true);
        Emit(requested);
        var running = _running;
        OnStop(new StopRequest($"stopped by an operator: {why}", null, Kill: emergency));
        return Changed(emergency
            ? $"stopping now: {Counted.Of(running, "running attempt")} killed; a checkpoint is taken and the executor exits"
            : $"stopping: nothing new starts; {Counted.Of(running, "running attempt")} finish{(running == 1 ? "es" : "")} first, then a checkpoint is taken and the executor exits",
            requested, RunStatus.Interrupted);
    }

    /// <summary>Answers the requests whose events the step just made durable, and kills what overrides took away.</summary>
    private void AfterFlush()
    {
        foreach (var (request, outcome) in _replies) request.Reply.TrySetResult(outcome);
        _replies.Clear();
        foreach (var (index, attempt) in _toKill) _executor.Cancel(index, attempt);
        _toKill.Clear();
    }

    /// <summary>Once the loop has ended, every request still waiting is refused: nothing will carry it out.</summary>
    private void RefuseUnanswered()
    {
        _loopEnded = true;
        lock (_drainGate)
        {
            var ended = new ControlRefusedException(ControlRefusal.Impossible,
                $"the run has ended ({State.Status.ToString().ToLowerInvariant()})");
            foreach (var (request, _) in _replies) request.Reply.TrySetException(ended);
            _replies.Clear();
            while (_inbox.Reader.TryRead(out var message))
                if (message is ControlRequest request) request.Reply.TrySetException(ended);
        }
    }

    private static string Why(string? reason, string otherwise) => string.IsNullOrWhiteSpace(reason) ? otherwise : reason.Trim();

    private ControlOutcome Unchanged(string message) => new(_stop is null ? State.Status : RunStatus.Interrupted, message, 0);

    private ControlOutcome Changed(string message, RunEvent e, RunStatus? state = null) =>
        new(state ?? (_stop is null ? State.Status : RunStatus.Interrupted), message, e.Sequence);

    private sealed record ControlRequest(object Command, TaskCompletionSource<ControlOutcome> Reply);

    private sealed record PauseCommand(string? Reason);

    private sealed record ContinueCommand(string? Reason);

    private sealed record StopCommand(bool Emergency, string? Reason);

    private sealed record OverrideCommand(string TaskId, OverrideAction Action, string? Reason);
}
