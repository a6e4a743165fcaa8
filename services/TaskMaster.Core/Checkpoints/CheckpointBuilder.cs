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
        var queue = state.Queue;
        var tasks = state.Tasks;
        string Id(TaskRunState t) => queue.Tasks[t.Index].Id;
        List<string> With(params TaskStatus[] statuses) => tasks.Where(t => statuses.Contains(t.Status)).Select(Id).ToList();

        var running = tasks.Where(t => t.Status == TaskStatus.Running).OrderBy(t => t.StartedAt).ToList();
        var allocations = running.ToDictionary(Id, t => new TaskAllocation(queue.Tasks[t.Index].Resources.Cpu, queue.Tasks[t.Index].Resources.MemoryBytes));

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
                CurrentTaskId = running.Count > 0 ? Id(running[0]) : null,
                RunningTasks = running.Select(Id).ToList(),
                CompletedTasks = With(TaskStatus.Succeeded),
                PendingTasks = With(TaskStatus.Pending, TaskStatus.Ready, TaskStatus.RetryWaiting),
                FailedTasks = With(TaskStatus.Failed),
                BlockedTasks = With(TaskStatus.Blocked),
                SkippedTasks = With(TaskStatus.Skipped),
                Tasks = tasks.Select(t => ToCheckpoint(t, Id(t))).ToList(),
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
                RerunOnResume = running.Select(Id).ToList(),
                RetryTimers = tasks.Where(t => t.Status == TaskStatus.RetryWaiting && t.NextRetryAt is not null)
                    .Select(t => new RetryTimer(Id(t), t.Attempt + 1, t.NextRetryAt!.Value)).ToList(),
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

    public static string StatusName(TaskStatus status) => status switch
    {
        TaskStatus.RetryWaiting => "retry_waiting",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static TaskCheckpoint ToCheckpoint(TaskRunState t, string id) => new()
    {
        Id = id,
        Status = StatusName(t.Status),
        Attempt = t.Attempt,
        TransientFailures = t.TransientFailures,
        ExecutorFailures = t.ExecutorFailures,
        NextRetryAt = t.NextRetryAt,
        StartedAt = t.StartedAt,
        EndedAt = t.EndedAt,
        DurationMs = t.Duration?.TotalMilliseconds,
        Progress = t.Progress,
        ProgressMessage = t.ProgressMessage,
        BlockedBy = t.BlockedBy,
        LastFailure = t.LastFailure is { } f ? ToEntry(f) : null,
    };

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
