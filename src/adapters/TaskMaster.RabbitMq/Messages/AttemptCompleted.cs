using TaskMaster.Core.Policies;

namespace TaskMaster.RabbitMq.Messages;

/// <summary>
/// How an attempt ended on its worker. The scheduler applies the first one of a dispatch it still
/// waits for and ignores any other (a duplicate delivery, a late one, one it already gave up on).
/// </summary>
/// <param name="StateFile">The task's state file after the attempt, when it has one.</param>
public sealed record AttemptCompleted(
    Guid DispatchId,
    string RunId,
    string WorkerId,
    bool Succeeded,
    int? ExitCode,
    int? Signal,
    TaskFailureKind? FailureKind,
    TimeSpan Duration,
    string? Reason,
    IReadOnlyList<string> StderrTail,
    byte[]? StateFile);
