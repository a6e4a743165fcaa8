using Microsoft.Extensions.Logging;
using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Events;
using TaskMaster.Core.State;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Core.Scheduling;

// Rollback: a critical task that fails for good takes the run back to the checkpoint taken before it started.
public sealed partial class RunScheduler
{
    private readonly ICheckpointSource? _checkpoints;
    private readonly List<CheckpointTaken> _checkpointHistory = [];
    private readonly Dictionary<int, long> _criticalStartedAt = [];
    private (int TaskIndex, CheckpointTaken Target, string Reason)? _rollback;
    // The rollback's checkpoint is being read off the loop: nothing may end the run meanwhile.
    private bool _rollbackLoading;
    private readonly Dictionary<int, long> _heldForCheckpoint = [];
    private readonly HashSet<int> _clearedToStart = [];
    private readonly Queue<int> _cleared = new();
    private bool _checkpointWanted;
    // The journal position of the last rollback: a checkpoint from before it is of the run it abandoned.
    private long _rolledBackAt;

    /// <summary>
    /// A critical task starts only once a checkpoint covers the state it starts from, so that if it
    /// fails for good the rollback loses nothing that came before it. Holds it (and asks for that
    /// checkpoint) the first time it comes up; it is released when the checkpoint is reported.
    /// </summary>
    private bool MustWaitForCheckpoint(int index)
    {
        if (_checkpoints is null || !_queue.Tasks[index].Critical) return false;
        if (_clearedToStart.Remove(index)) return false;
        if (_heldForCheckpoint.TryAdd(index, State.LastSequence)) _checkpointWanted = true;
        return true;
    }

    /// <summary>Keeps a checkpoint as a possible rollback target, unless it shows a run a rollback has since abandoned.</summary>
    private void RememberCheckpoint(CheckpointTaken taken)
    {
        // Such as the one taken of the state a critical task failed in, reported after its rollback.
        if (taken.JournalPosition >= _rolledBackAt) _checkpointHistory.Add(taken);
    }

    private void ReleaseHeldCriticalTasks(long coveredPosition)
    {
        foreach (var (index, readyAt) in _heldForCheckpoint.Where(h => h.Value <= coveredPosition).ToList())
        {
            _heldForCheckpoint.Remove(index);
            _clearedToStart.Add(index);
            _cleared.Enqueue(index);
        }
    }

    /// <summary>
    /// A rollback moves the position every task starts from: a task it leaves ready is held again for a
    /// newer checkpoint, and a clearance given before it must not let a task start later without one.
    /// </summary>
    private void ForgetHolds()
    {
        _heldForCheckpoint.Clear();
        _clearedToStart.Clear();
        _cleared.Clear();
    }

    private bool TryTakeCleared(out int index)
    {
        while (_cleared.TryDequeue(out index))
            if (IsStartable(index)) return true;
        return false;
    }

    /// <summary>
    /// Starts a rollback for a critical task that failed for good, when the policy allows one: a
    /// checkpoint from before the task's attempt exists and the task has rollbacks left. Dispatch
    /// stops, running attempts are cancelled, and the rollback completes once none is running and its
    /// checkpoint has been read.
    /// </summary>
    private bool TryBeginRollback(int index)
    {
        if (_checkpoints is null || State.Tasks[index].Rollbacks >= _options.MaxRollbacksPerTask) return false;
        if (!_criticalStartedAt.TryGetValue(index, out var startedAt)) return false;
        var target = _checkpointHistory.LastOrDefault(c => c.JournalPosition < startedAt);
        if (target is null) return false;
        var reason = State.Tasks[index].LastFailure?.Reason ?? "failed";
        _rollback = (index, target, reason);
        LogRollbackStarted(_queue.Tasks[index].Id, target.CheckpointSequence, _running);
        if (_running > 0) _executor.CancelAll();
        else LoadRollbackTarget();
        return true;
    }

    /// <summary>
    /// Reads the rollback's checkpoint off the loop, which meanwhile still takes results, progress and
    /// control calls (dispatch stays stopped by the rollback): a checkpoint in object storage must not
    /// stall the run. The answer comes back through the inbox.
    /// </summary>
    private void LoadRollbackTarget()
    {
        if (_rollbackLoading) return;
        _rollbackLoading = true;
        _ = ReadRollbackTargetAsync(_rollback!.Value.Target);
    }

    private async Task ReadRollbackTargetAsync(CheckpointTaken target)
    {
        var location = target.Location;
        var (checkpoint, problem) = await TryReadAsync(location).ConfigureAwait(false);
        if (checkpoint is null && target.MirrorLocation is { } mirror)
        {
            // The event names the copy used: the state files are restored from what it names.
            location = mirror;
            (checkpoint, problem) = await TryReadAsync(mirror).ConfigureAwait(false);
        }
        _inbox.Writer.TryWrite(new RollbackTargetRead(location, checkpoint, problem));
    }

    private async Task<(CheckpointDocument? Checkpoint, string? Problem)> TryReadAsync(string location)
    {
        try
        {
            var read = await _checkpoints!.LoadAsync(location, CancellationToken.None).ConfigureAwait(false);
            return read.IsValid ? (read.Document, null) : (null, read.Refusal.Reason);
        }
        catch (Exception e)
        {
            // A store that cannot be reached is one more reason the checkpoint cannot be used.
            return (null, e.Message);
        }
    }

    private void OnRollbackTargetRead(RollbackTargetRead read)
    {
        if (_rollback is not { } rollback) return;
        var (index, _, reason) = rollback;
        _rollback = null;
        _rollbackLoading = false;
        var id = _queue.Tasks[index].Id;
        var (path, checkpoint, problem) = read;
        if (checkpoint is null)
        {
            LogRollbackImpossible(id, path, problem);
            GiveUp(index, reason);
            return;
        }

        var now = Now;
        ForgetHolds();
        Emit(new RunRolledBack(now, id, checkpoint.Sequence, path, checkpoint.Journal.Position, ResetsTo(checkpoint)));
        // Checkpoints newer than the target show the run as it was before going back: none is a target any more.
        _checkpointHistory.RemoveAll(c => c.JournalPosition > checkpoint.Journal.Position);
        _rolledBackAt = State.LastSequence;
        foreach (var task in State.Tasks)
        {
            if (task.Status == TaskStatus.RetryWaiting)
                ScheduleRetry(task.Index, task.Attempt + 1, task.NextRetryAt is { } due && due > now ? due - now : TimeSpan.Zero);
        }
        if (!_options.Autonomous && State.Status != RunStatus.Paused)
            Emit(new RunPaused(now, $"critical task '{id}' failed ({reason}); rolled back to checkpoint #{checkpoint.Sequence}; waiting for an operator", ByOperator: false));
    }

    /// <summary>Every task whose state differs from the checkpoint's, set back to it (what was running there runs again).</summary>
    private List<TaskReset> ResetsTo(CheckpointDocument checkpoint)
    {
        var resets = new List<TaskReset>();
        foreach (var saved in checkpoint.ExecutionState.Tasks)
        {
            if (!State.Graph.TryGetIndex(saved.Id, out var index)) continue;
            var status = RunState.ParseTaskStatus(saved.Status);
            if (status == TaskStatus.Running) status = TaskStatus.Ready;
            var now = State.Tasks[index];
            if (now.Status == status && now.TransientFailures == saved.TransientFailures
                && now.ExecutorFailures == saved.ExecutorFailures) continue;
            // Attempts count every start there ever was, so they go on; the retry budget is the checkpoint's.
            resets.Add(new TaskReset(saved.Id, status, Math.Max(saved.Attempt, now.Attempt), saved.TransientFailures,
                saved.ExecutorFailures, saved.NextRetryAt, saved.BlockedBy));
        }
        return resets;
    }

    private sealed record RollbackTargetRead(string Location, CheckpointDocument? Checkpoint, string? Problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Critical task {TaskId} failed for good: rolling back to checkpoint #{CheckpointSequence} once {Running} running attempts are cancelled")]
    private partial void LogRollbackStarted(string taskId, long checkpointSequence, int running);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot roll back for {TaskId}: checkpoint {Path} is unusable ({Problem}); the task fails for good")]
    private partial void LogRollbackImpossible(string taskId, string path, string? problem);
}
