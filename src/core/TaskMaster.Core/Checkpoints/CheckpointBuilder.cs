using TaskMaster.Core.Events;
using TaskMaster.Core.State;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Core.Checkpoints;

/// <summary>What a checkpoint needs besides the run state: where it sits and what was measured.</summary>
public sealed record CheckpointContext(
    long Sequence,
    string Reason,
    DateTimeOffset Timestamp,
    string JournalFile,
    int Concurrency,
    double CpuCapacity,
    long MemoryCapacity,
    IReadOnlyDictionary<string, TaskIntermediateResult> IntermediateResults,
    SystemMetrics Metrics,
    string ResumeCommand,
    string? PreviousCheckpoint);

/// <summary>Turns a run state (the fold of the journal up to a position) into a checkpoint document.</summary>
public static class CheckpointBuilder
{
    public static CheckpointDocument Build(RunState state, CheckpointContext context)
    {
        var document = Summary(state, context);
        var tasks = state.Tasks.Select(t => TaskRow.Of(t, state.Queue.Tasks[t.Index].Id).ToCheckpoint()).ToList();
        return CheckpointDerivation.Complete(document with { ExecutionState = document.ExecutionState with { Tasks = tasks } });
    }

    /// <summary>
    /// The document without what a reader computes from the tasks (their table, the lists of task ids,
    /// the current task, what reruns, the retry timers): what format 2 writes besides the task table.
    /// Small whatever the number of tasks.
    /// </summary>
    internal static CheckpointDocument Summary(RunState state, CheckpointContext context)
    {
        var queue = state.Queue;
        var allocations = new Dictionary<string, TaskAllocation>(StringComparer.Ordinal);
        foreach (var task in state.Tasks)
        {
            if (task.Status != TaskStatus.Running) continue;
            var definition = queue.Tasks[task.Index];
            allocations[definition.Id] = new TaskAllocation(definition.Resources.Cpu, definition.Resources.MemoryBytes);
        }
        return new CheckpointDocument
        {
            Sequence = context.Sequence,
            RunId = state.RunId ?? "",
            Timestamp = context.Timestamp,
            Reason = context.Reason,
            Queue = new CheckpointQueue(queue.Name, queue.SourcePath, queue.ContentHash, queue.Tasks.Count),
            Journal = new CheckpointJournal(state.LastSequence, context.JournalFile),
            ExecutionState = new ExecutionState
            {
                Status = StatusName(state.Status),
                StatusReason = state.StatusReason,
                StartedAt = state.StartedAt,
                EndedAt = state.EndedAt,
                ResourceAllocations = new ResourceAllocations
                {
                    Concurrency = context.Concurrency,
                    CpuCapacity = context.CpuCapacity,
                    MemoryCapacityBytes = context.MemoryCapacity,
                    CpuAllocated = state.AllocatedCpu,
                    MemoryAllocatedBytes = state.AllocatedMemory,
                    ByTask = allocations,
                },
                ErrorCount = state.TotalFailures,
                Counters = new RunCounters
                {
                    SucceededDurationMs = state.SucceededDurationTotal.TotalMilliseconds,
                    AttemptDurationMs = state.AttemptDurationTotal.TotalMilliseconds,
                    RecoveredFailures = state.RecoveredFailures,
                    UnrecoveredFailures = state.UnrecoveredFailures,
                    OperatorActions = state.OperatorActions,
                },
            },
            IntermediateResults = context.IntermediateResults,
            SystemMetrics = context.Metrics,
            ErrorLog = state.ErrorLog.Select(ToEntry).ToList(),
            RecoveryInformation = new RecoveryInformation
            {
                ResumeCommand = context.ResumeCommand,
                PreviousCheckpoint = context.PreviousCheckpoint,
            },
        };
    }


    public static string StatusName(RunStatus status) => status switch
    {
        RunStatus.NotStarted => "not_started",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static string StatusName(TaskStatus status) => TaskStatusNames[(int)status];

    // Looked up once per task of every checkpoint: formatting the enum each time would allocate 100k strings.
    private static readonly string[] TaskStatusNames = Enum.GetValues<TaskStatus>()
        .Select(s => s == TaskStatus.RetryWaiting ? "retry_waiting" : s.ToString().ToLowerInvariant()).ToArray();

    internal static ErrorLogEntry ToEntry(RunEvent e) => e switch
    {
        TaskFailed f => new ErrorLogEntry
        {
            At = f.At,
            TaskId = f.TaskId,
            Attempt = f.Attempt,
            Class = f.Class.ToString().ToLowerInvariant(),
            Kind = f.Kind.ToString(),
            ExitCode = f.ExitCode,
            Signal = f.Signal,
            Reason = f.Reason,
            StderrTail = f.StderrTail,
            WillRetry = f.WillRetry,
        },
        ExecutorFaulted x => new ErrorLogEntry { At = x.At, TaskId = x.TaskId, Class = "critical", Kind = "ExecutorError", Reason = x.Reason },
        CheckpointFailed c => new ErrorLogEntry { At = c.At, Class = "critical", Kind = nameof(CheckpointFailed), Reason = c.Error },
        _ => new ErrorLogEntry { At = e.At, Class = "unknown", Reason = e.GetType().Name },
    };
}
