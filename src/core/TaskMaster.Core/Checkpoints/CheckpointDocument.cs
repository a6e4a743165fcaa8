using System.Text.Json.Serialization;

namespace TaskMaster.Core.Checkpoints;

/// <summary>
/// A checkpoint: the complete state of a run at a journal position, as written to
/// <c>checkpoints/*.json.gz</c>. Field names follow PRD-6's "Checkpoint Content" where it names them
/// (snake_case JSON). <see cref="Checksum"/> is always the last property: it is the SHA-256 of the
/// document's JSON with the checksum's value left empty (see <c>CheckpointCodec</c>). A document read
/// from a file has every field, also those format 2 computes instead of writing (<c>CheckpointDerivation</c>).
/// A field the schema makes optional is <c>set</c> rather than <c>init</c> wherever it has a default: the
/// JSON source generator passes an absent init-only property its type's default, so a file without
/// the field (valid by the schema) would be read with null there instead of the empty default.
/// </summary>
public sealed record CheckpointDocument
{
    /// <summary>The format this program writes (2: compressed, a task table); a newer one is refused, naming both.</summary>
    public const int CurrentFormatVersion = 2;

    // [JsonRequired]: a document without these must be refused, not read as version 1 / sequence 0 / year 1.
    [JsonRequired, JsonPropertyName("format_version")] public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>Increases by one with every checkpoint of a run.</summary>
    [JsonRequired, JsonPropertyName("sequence")] public long Sequence { get; init; }

    [JsonPropertyName("run_id")] public required string RunId { get; init; }

    /// <summary>When the checkpoint was taken (UTC).</summary>
    [JsonRequired, JsonPropertyName("timestamp")] public DateTimeOffset Timestamp { get; init; }

    /// <summary>Why: <c>interval</c>, <c>task-after</c>, <c>rollback</c>, <c>shutdown</c>, <c>manual</c>.</summary>
    [JsonPropertyName("reason")] public required string Reason { get; init; }

    [JsonPropertyName("queue")] public required CheckpointQueue Queue { get; init; }

    /// <summary>The journal position the checkpoint covers: every event up to and including it.</summary>
    [JsonPropertyName("journal")] public required CheckpointJournal Journal { get; init; }

    [JsonPropertyName("execution_state")] public required ExecutionState ExecutionState { get; init; }

    /// <summary>Each task's saved state (<c>TASKMASTER_STATE_FILE</c>) and outputs, by task id.</summary>
    [JsonPropertyName("intermediate_results")] public IReadOnlyDictionary<string, TaskIntermediateResult> IntermediateResults { get; set; } = new Dictionary<string, TaskIntermediateResult>();

    [JsonPropertyName("system_metrics")] public required SystemMetrics SystemMetrics { get; init; }

    /// <summary>Failures and executor faults, newest last (bounded; see <c>error_count</c> in <see cref="ExecutionState"/>).</summary>
    [JsonPropertyName("error_log")] public IReadOnlyList<ErrorLogEntry> ErrorLog { get; set; } = [];

    [JsonPropertyName("recovery_information")] public required RecoveryInformation RecoveryInformation { get; init; }

    /// <summary><c>sha256:&lt;64 hex&gt;</c>; empty while the document is being hashed.</summary>
    [JsonRequired, JsonPropertyOrder(int.MaxValue), JsonPropertyName("checksum")] public string Checksum { get; init; } = "";
}

public sealed record CheckpointQueue(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("hash")] string Hash,
    [property: JsonPropertyName("task_count")] int TaskCount);

/// <param name="Position">Sequence number of the last event the checkpoint includes.</param>
/// <param name="File">The journal file, relative to <c>$TASKMASTER_HOME</c>.</param>
public sealed record CheckpointJournal(
    [property: JsonPropertyName("position")] long Position,
    [property: JsonPropertyName("file")] string File);

public sealed record ExecutionState
{
    /// <summary><c>running</c>, <c>paused</c>, <c>completed</c>, <c>failed</c>, <c>interrupted</c>.</summary>
    [JsonPropertyName("status")] public required string Status { get; init; }

    [JsonPropertyName("status_reason")] public string? StatusReason { get; init; }

    [JsonPropertyName("started_at")] public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the run completed, failed or was interrupted; null while it runs (and in checkpoints written before it was kept).</summary>
    [JsonPropertyName("ended_at")] public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The running task that started first, if any (PRD's "current task").</summary>
    [JsonPropertyName("current_task_id")] public string? CurrentTaskId { get; init; }

    [JsonPropertyName("running_tasks")] public IReadOnlyList<string> RunningTasks { get; set; } = [];

    [JsonPropertyName("completed_tasks")] public IReadOnlyList<string> CompletedTasks { get; set; } = [];

    /// <summary>Waiting for dependencies, a slot, or a retry.</summary>
    [JsonPropertyName("pending_tasks")] public IReadOnlyList<string> PendingTasks { get; set; } = [];

    [JsonPropertyName("failed_tasks")] public IReadOnlyList<string> FailedTasks { get; set; } = [];

    [JsonPropertyName("blocked_tasks")] public IReadOnlyList<string> BlockedTasks { get; set; } = [];

    [JsonPropertyName("skipped_tasks")] public IReadOnlyList<string> SkippedTasks { get; set; } = [];

    /// <summary>Every task's full state, in queue order.</summary>
    [JsonPropertyName("tasks"), JsonConverter(typeof(TaskListConverter))] public IReadOnlyList<TaskCheckpoint> Tasks { get; set; } = [];

    [JsonPropertyName("resource_allocations")] public required ResourceAllocations ResourceAllocations { get; init; }

    [JsonPropertyName("error_count")] public int ErrorCount { get; init; }

    /// <summary>Counters the run's metrics are computed from, so they continue across a resume.</summary>
    [JsonPropertyName("counters")] public RunCounters Counters { get; set; } = new();
}

public sealed record RunCounters
{
    [JsonPropertyName("succeeded_duration_ms")] public double SucceededDurationMs { get; init; }

    [JsonPropertyName("attempt_duration_ms")] public double AttemptDurationMs { get; init; }

    [JsonPropertyName("recovered_failures")] public int RecoveredFailures { get; init; }

    [JsonPropertyName("unrecovered_failures")] public int UnrecoveredFailures { get; init; }

    [JsonPropertyName("operator_actions")] public int OperatorActions { get; init; }
}

public sealed record TaskCheckpoint
{
    [JsonPropertyName("id")] public required string Id { get; init; }

    /// <summary>pending, ready, running, retry_waiting, succeeded, failed, blocked, skipped.</summary>
    [JsonPropertyName("status")] public required string Status { get; init; }

    [JsonPropertyName("attempt")] public int Attempt { get; init; }

    [JsonPropertyName("transient_failures")] public int TransientFailures { get; init; }

    [JsonPropertyName("executor_failures")] public int ExecutorFailures { get; init; }

    [JsonPropertyName("next_retry_at")] public DateTimeOffset? NextRetryAt { get; init; }

    [JsonPropertyName("started_at")] public DateTimeOffset? StartedAt { get; init; }

    [JsonPropertyName("ended_at")] public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The task's last ended attempt's duration (<c>AttemptSpan</c>: end − start of its events); null while one runs and before the first.</summary>
    [JsonPropertyName("duration_ms")] public double? DurationMs { get; init; }

    [JsonPropertyName("progress")] public double Progress { get; init; }

    [JsonPropertyName("progress_message")] public string? ProgressMessage { get; init; }

    [JsonPropertyName("blocked_by")] public string? BlockedBy { get; init; }

    [JsonPropertyName("last_failure")] public ErrorLogEntry? LastFailure { get; init; }
}

public sealed record ResourceAllocations
{
    [JsonPropertyName("cpu_capacity")] public double CpuCapacity { get; init; }

    [JsonPropertyName("memory_capacity_bytes")] public long MemoryCapacityBytes { get; init; }

    [JsonPropertyName("concurrency")] public int Concurrency { get; init; }

    [JsonPropertyName("cpu_allocated")] public double CpuAllocated { get; init; }

    [JsonPropertyName("memory_allocated_bytes")] public long MemoryAllocatedBytes { get; init; }

    /// <summary>What each running task holds.</summary>
    [JsonPropertyName("by_task")] public IReadOnlyDictionary<string, TaskAllocation> ByTask { get; set; } = new Dictionary<string, TaskAllocation>();
}

public sealed record TaskAllocation(
    [property: JsonPropertyName("cpu")] double Cpu,
    [property: JsonPropertyName("memory_bytes")] long MemoryBytes);

/// <param name="StateFile">The task's <c>TASKMASTER_STATE_FILE</c> content, base64; null when it wrote none.</param>
/// <param name="StateFileSha256">Hex SHA-256 of the state file's bytes.</param>
/// <param name="Outputs">Files named by the task's <c>success: file</c> criteria that exist, with size and hash.</param>
/// <remarks>Its fields are required, so a null is written as null even where nulls are left out.</remarks>
public sealed record TaskIntermediateResult(
    [property: JsonPropertyName("state_file"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? StateFile,
    [property: JsonPropertyName("state_file_sha256"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? StateFileSha256,
    [property: JsonPropertyName("outputs")] IReadOnlyList<TaskOutputFile> Outputs);

public sealed record TaskOutputFile(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("size_bytes")] long SizeBytes,
    [property: JsonPropertyName("sha256")] string Sha256);

public sealed record SystemMetrics
{
    /// <summary>Human form, as in the PRD: <c>45% of O(√n)</c>.</summary>
    [JsonPropertyName("memory_usage")] public required string MemoryUsage { get; init; }

    [JsonPropertyName("memory_bytes")] public long MemoryBytes { get; init; }

    [JsonPropertyName("memory_budget_bytes")] public long MemoryBudgetBytes { get; init; }

    [JsonPropertyName("autonomy_score")] public double AutonomyScore { get; init; }

    [JsonPropertyName("execution_efficiency")] public double ExecutionEfficiency { get; init; }
}

public sealed record ErrorLogEntry
{
    [JsonPropertyName("at")] public DateTimeOffset At { get; init; }

    [JsonPropertyName("task_id")] public string? TaskId { get; init; }

    [JsonPropertyName("attempt")] public int? Attempt { get; init; }

    /// <summary>transient, permanent, critical.</summary>
    [JsonPropertyName("class")] public required string Class { get; init; }

    [JsonPropertyName("kind")] public string? Kind { get; init; }

    [JsonPropertyName("exit_code")] public int? ExitCode { get; init; }

    [JsonPropertyName("signal")] public int? Signal { get; init; }

    [JsonPropertyName("reason")] public required string Reason { get; init; }

    [JsonPropertyName("stderr_tail")] public IReadOnlyList<string> StderrTail { get; set; } = [];

    [JsonPropertyName("will_retry")] public bool WillRetry { get; init; }
}

public sealed record RecoveryInformation
{
    /// <summary>Tasks that were running: they run again on resume, with their saved state.</summary>
    [JsonPropertyName("rerun_on_resume")] public IReadOnlyList<string> RerunOnResume { get; set; } = [];

    [JsonPropertyName("retry_timers")] public IReadOnlyList<RetryTimer> RetryTimers { get; set; } = [];

    /// <summary>The command that resumes from this checkpoint.</summary>
    [JsonPropertyName("resume_command")] public required string ResumeCommand { get; init; }

    /// <summary>The file name of the checkpoint before this one in the same run, if any.</summary>
    [JsonPropertyName("previous_checkpoint")] public string? PreviousCheckpoint { get; init; }
}

public sealed record RetryTimer(
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("next_attempt")] int NextAttempt,
    [property: JsonPropertyName("due_at")] DateTimeOffset DueAt);
