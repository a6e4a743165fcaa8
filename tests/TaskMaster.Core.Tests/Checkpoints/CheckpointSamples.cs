using TaskMaster.Core.Checkpoints;

namespace TaskMaster.Core.Tests.Checkpoints;

/// <summary>Checkpoint documents with every field set, as a run in the middle of its work would write them.</summary>
internal static class CheckpointSamples
{
    public const string QueueHash = "3f2a9c1b7d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8";

    public static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 30, 0, TimeSpan.Zero);

    /// <summary>A checkpoint of a run with one task done, one running, one failed and retrying, one pending.</summary>
    public static CheckpointDocument Running(string runId = "run-20261124-103000-ab12", long sequence = 3, string? queueHash = null, DateTimeOffset? at = null)
    {
        var failure = new ErrorLogEntry
        {
            At = T0.AddMinutes(-2), TaskId = "fetch", Attempt = 1, Class = "transient", Kind = "ExitCode", ExitCode = 75,
            Reason = "exit code 75 (retry-on) \"quoted\" <tag> ünïcode", StderrTail = ["connection reset", "retrying"], WillRetry = true,
        };
        return new CheckpointDocument
        {
            Sequence = sequence,
            RunId = runId,
            Timestamp = at ?? T0,
            Reason = "interval",
            Queue = new CheckpointQueue("demo", "/work/demo/task-queue.md", queueHash ?? QueueHash, 4),
            Journal = new CheckpointJournal(41, $"runs/{runId}/journal.jsonl"),
            ExecutionState = new ExecutionState
            {
                Status = "running",
                StartedAt = T0.AddMinutes(-10),
                CurrentTaskId = "build",
                RunningTasks = ["build"],
                CompletedTasks = ["setup"],
                PendingTasks = ["fetch", "report"],
                Tasks =
                [
                    new TaskCheckpoint { Id = "setup", Status = "succeeded", Attempt = 1, StartedAt = T0.AddMinutes(-10), EndedAt = T0.AddMinutes(-9), DurationMs = 60_000, Progress = 1 },
                    new TaskCheckpoint { Id = "build", Status = "running", Attempt = 1, StartedAt = T0.AddMinutes(-1), Progress = 0.4, ProgressMessage = "compiling" },
                    new TaskCheckpoint { Id = "fetch", Status = "retry_waiting", Attempt = 1, TransientFailures = 1, NextRetryAt = T0.AddSeconds(30), LastFailure = failure },
                    new TaskCheckpoint { Id = "report", Status = "pending" },
                ],
                ResourceAllocations = new ResourceAllocations
                {
                    CpuCapacity = 4, MemoryCapacityBytes = 8L << 30, Concurrency = 2, CpuAllocated = 1, MemoryAllocatedBytes = 512L << 20,
                    ByTask = new Dictionary<string, TaskAllocation> { ["build"] = new(1, 512L << 20) },
                },
                ErrorCount = 1,
            },
            IntermediateResults = new Dictionary<string, TaskIntermediateResult>
            {
                ["build"] = new("c3RlcD0z", "9a1f0e", [new TaskOutputFile("out/app.bin", 1234, "ab12cd")]),
                ["setup"] = new(null, null, []),
            },
            SystemMetrics = new SystemMetrics { MemoryUsage = "45% of O(√n)", MemoryBytes = 45_000_000, MemoryBudgetBytes = 100_000_000, AutonomyScore = 0.97, ExecutionEfficiency = 0.89 },
            ErrorLog = [failure],
            RecoveryInformation = new RecoveryInformation
            {
                RerunOnResume = ["build"],
                RetryTimers = [new RetryTimer("fetch", 2, T0.AddSeconds(30))],
                ResumeCommand = "task-master resume --from-checkpoint checkpoints/latest.json",
                PreviousCheckpoint = "20261124T102500000Z-run-20261124-103000-ab12-000002-interval.json",
            },
        };
    }

    /// <summary>
    /// The running sample with every optional field set somewhere as well (a status reason, an end, a
    /// blocked task, executor failures, a signal): a file of it holds every property the format has.
    /// </summary>
    public static CheckpointDocument EveryField()
    {
        var running = Running();
        var execution = running.ExecutionState;
        var killed = new ErrorLogEntry
        {
            At = T0.AddMinutes(-3), TaskId = "report", Attempt = 2, Class = "critical", Kind = "Signal", ExitCode = 137, Signal = 9,
            Reason = "killed by signal 9", StderrTail = [], WillRetry = false,
        };
        var tasks = execution.Tasks.Select(t => t.Id == "report"
            ? t with { Status = "blocked", Attempt = 2, ExecutorFailures = 1, EndedAt = T0.AddMinutes(-3), BlockedBy = "fetch", LastFailure = killed }
            : t).ToList();
        return running with
        {
            ExecutionState = execution with
            {
                Status = "paused", StatusReason = "paused by an operator", EndedAt = T0.AddMinutes(-1), Tasks = tasks,
                PendingTasks = ["fetch"], BlockedTasks = ["report"],
                Counters = new RunCounters { SucceededDurationMs = 60_000, AttemptDurationMs = 61_500.5, RecoveredFailures = 1, UnrecoveredFailures = 2, OperatorActions = 3 },
            },
            ErrorLog = [.. running.ErrorLog, killed],
        };
    }
}
