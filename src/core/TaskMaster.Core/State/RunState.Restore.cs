using TaskMaster.Core.Checkpoints;
using TaskMaster.Core.Events;
using TaskMaster.Core.Policies;

namespace TaskMaster.Core.State;

public sealed partial class RunState
{
    /// <summary>
    /// The state a checkpoint describes, as if its journal had been folded up to its position.
    /// The queue must be the one the checkpoint was taken from (same content hash).
    /// </summary>
    /// <param name="graph">The queue's graph when one was built already (it never changes): spares building it again.</param>
    public static RunState Restore(Queue.QueueDefinition queue, CheckpointDocument checkpoint, Graph.TaskGraph? graph = null)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (checkpoint.Queue.Hash != queue.ContentHash)
            throw new ArgumentException($"checkpoint belongs to queue hash {checkpoint.Queue.Hash}, not {queue.ContentHash}", nameof(checkpoint));
        var state = new RunState(queue, graph);
        var execution = checkpoint.ExecutionState;
        state.RunId = checkpoint.RunId;
        state.StartedAt = execution.StartedAt;
        state.EndedAt = execution.EndedAt;
        state.Status = ParseRunStatus(execution.Status);
        state.StatusReason = execution.StatusReason;
        state.LastSequence = checkpoint.Journal.Position;
        state.LastEventAt = checkpoint.Timestamp;
        state.TotalFailures = execution.ErrorCount;
        state.SucceededDurationTotal = TimeSpan.FromMilliseconds(execution.Counters.SucceededDurationMs);
        state.AttemptDurationTotal = TimeSpan.FromMilliseconds(execution.Counters.AttemptDurationMs);
        state.RecoveredFailures = execution.Counters.RecoveredFailures;
        state.UnrecoveredFailures = execution.Counters.UnrecoveredFailures;
        state.OperatorActions = execution.Counters.OperatorActions;
        foreach (var entry in checkpoint.ErrorLog) state._errorLog.Enqueue(ToEvent(entry));

        foreach (var saved in execution.Tasks)
        {
            if (!state.Graph.TryGetIndex(saved.Id, out var index))
                throw new ArgumentException($"checkpoint names task '{saved.Id}', which the queue does not have", nameof(checkpoint));
            var task = state._tasks[index];
            state.SetStatus(task, ParseTaskStatus(saved.Status));
            task.Attempt = saved.Attempt;
            task.TransientFailures = saved.TransientFailures;
            task.ExecutorFailures = saved.ExecutorFailures;
            task.NextRetryAt = saved.NextRetryAt;
            task.StartedAt = saved.StartedAt;
            task.EndedAt = saved.EndedAt;
            task.Duration = saved.DurationMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null;
            task.Progress = saved.Progress;
            task.ProgressMessage = saved.ProgressMessage;
            task.BlockedBy = saved.BlockedBy;
            task.LastFailure = saved.LastFailure is { } f ? (TaskFailed)ToEvent(f) : null;
        }
        state.RecountDependencies();
        foreach (var task in state._tasks)
        {
            if (task.Status != TaskStatus.Running) continue;
            var resources = queue.Tasks[task.Index].Resources;
            state.AllocatedCpu += resources.Cpu;
            state.AllocatedMemory += resources.MemoryBytes;
        }
        return state;
    }

    private static RunStatus ParseRunStatus(string status) => status switch
    {
        "not_started" => RunStatus.NotStarted,
        _ => Enum.Parse<RunStatus>(status, ignoreCase: true),
    };

    internal static TaskStatus ParseTaskStatus(string status) => status switch
    {
        "retry_waiting" => TaskStatus.RetryWaiting,
        _ => Enum.Parse<TaskStatus>(status, ignoreCase: true),
    };

    private static RunEvent ToEvent(ErrorLogEntry entry) => entry.Class switch
    {
        // What triggered the checkpoint is not kept: the entry is the error, and it reads back the same.
        "critical" when entry.Kind == nameof(CheckpointFailed) => new CheckpointFailed(entry.At, "", entry.Reason),
        "critical" when entry.Attempt is null => new ExecutorFaulted(entry.At, entry.Reason, entry.TaskId),
        _ => new TaskFailed(entry.At, entry.TaskId ?? "", entry.Attempt ?? 0,
            Enum.TryParse<TaskFailureClass>(entry.Class, ignoreCase: true, out var c) ? c : TaskFailureClass.Permanent,
            Enum.TryParse<TaskFailureKind>(entry.Kind, ignoreCase: true, out var k) ? k : TaskFailureKind.ExitCode,
            entry.ExitCode, entry.Signal, TimeSpan.Zero, entry.Reason, entry.StderrTail, entry.WillRetry),
    };
}
