using TaskMaster.Core.State;

namespace TaskMaster.Core.Checkpoints;

/// <summary>One task's state as a checkpoint holds it: the fields of <see cref="TaskCheckpoint"/>, without a heap object per task.</summary>
internal readonly record struct TaskRow(
    string Id, string Status, int Attempt, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, double? DurationMs, double Progress,
    int TransientFailures, int ExecutorFailures, DateTimeOffset? NextRetryAt, string? ProgressMessage, string? BlockedBy,
    ErrorLogEntry? LastFailure)
{
    public static TaskRow Of(TaskCheckpoint t) => new(
        t.Id, t.Status, t.Attempt, t.StartedAt, t.EndedAt, t.DurationMs, t.Progress, t.TransientFailures, t.ExecutorFailures,
        t.NextRetryAt, t.ProgressMessage, t.BlockedBy, t.LastFailure);

    public static TaskRow Of(TaskRunState t, string id) => new(
        id, CheckpointBuilder.StatusName(t.Status), t.Attempt, t.StartedAt, t.EndedAt, t.Duration?.TotalMilliseconds, t.Progress,
        t.TransientFailures, t.ExecutorFailures, t.NextRetryAt, t.ProgressMessage, t.BlockedBy,
        t.LastFailure is { } failure ? CheckpointBuilder.ToEntry(failure) : null);

    public TaskCheckpoint ToCheckpoint() => new()
    {
        Id = Id,
        Status = Status,
        Attempt = Attempt,
        TransientFailures = TransientFailures,
        ExecutorFailures = ExecutorFailures,
        NextRetryAt = NextRetryAt,
        StartedAt = StartedAt,
        EndedAt = EndedAt,
        DurationMs = DurationMs,
        Progress = Progress,
        ProgressMessage = ProgressMessage,
        BlockedBy = BlockedBy,
        LastFailure = LastFailure,
    };
}

/// <summary>The tasks a checkpoint is written from, by queue position.</summary>
internal interface ITaskRows
{
    int Count { get; }

    TaskRow this[int index] { get; }
}

/// <summary>The tasks of a document.</summary>
internal sealed class DocumentTaskRows(IReadOnlyList<TaskCheckpoint> tasks) : ITaskRows
{
    public int Count => tasks.Count;

    public TaskRow this[int index] => TaskRow.Of(tasks[index]);
}

/// <summary>
/// The tasks of a live run state, read in place: a 100k-task checkpoint is written without 100k
/// records alive at once. Valid only while nothing folds into the state, so it never leaves the encoder.
/// </summary>
internal sealed class RunStateTaskRows(RunState state) : ITaskRows
{
    public int Count => state.Tasks.Count;

    public TaskRow this[int index] => TaskRow.Of(state.Tasks[index], state.Queue.Tasks[index].Id);
}
