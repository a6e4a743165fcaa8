namespace TaskMaster.Chaos.Tests.Checking;

/// <summary>
/// One attempt of a task as the task itself wrote it down (<see cref="AttemptLog"/>): when it started and,
/// if it got that far, when it ended and with which exit code. Null end: it never finished (its process was killed).
/// </summary>
public sealed record AttemptRecord(
    string TaskId, int Attempt, string AttemptId, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, int? ExitCode, string Worker)
{
    public bool Succeeded => ExitCode == 0;
}
