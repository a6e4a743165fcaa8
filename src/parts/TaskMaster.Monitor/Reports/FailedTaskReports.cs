using TaskMaster.Core.Events;
using TaskMaster.Core.Scheduling;
using TaskMaster.Core.State;
using TaskMaster.Monitor.History;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Monitor.Reports;

/// <summary>The report's section on each task that failed for good: why, how each attempt went, and where its log is.</summary>
public static class FailedTaskReports
{
    /// <summary>How many failed tasks the section describes (the counts hold them all).</summary>
    public const int Limit = 100;

    /// <summary>Stderr lines kept per task (the log holds the rest).</summary>
    public const int StderrLines = 20;

    /// <param name="timeline">The run's attempts (<see cref="AttemptSpan"/>): their times and durations.</param>
    /// <param name="taskLog">Where a task's log is read, by task id.</param>
    public static IReadOnlyList<FailedTaskReport> Of(RunRecord run, IReadOnlyList<TimelineEntry> timeline, Func<string, string> taskLog)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(taskLog);
        var failed = run.State.Tasks.Where(t => t.Status == TaskStatus.Failed).Take(Limit)
            .Select(t => run.Queue.Tasks[t.Index].Id).ToHashSet(StringComparer.Ordinal);
        if (failed.Count == 0) return [];
        // What each attempt of those tasks failed with, and an operator's cancel of the task.
        var errors = new Dictionary<(string, int), string>();
        var cancelled = new Dictionary<string, TaskOverridden>(StringComparer.Ordinal);
        foreach (var e in run.Events)
        {
            if (e is TaskFailed f && failed.Contains(f.TaskId)) errors[(f.TaskId, f.Attempt)] = f.Reason;
            else if (e is TaskOverridden { Action: OverrideAction.Cancel } o && failed.Contains(o.TaskId)) cancelled[o.TaskId] = o;
        }
        var attempts = timeline.Where(a => failed.Contains(a.TaskId)).ToLookup(a => a.TaskId, StringComparer.Ordinal);
        return run.State.Tasks.Where(t => failed.Contains(run.Queue.Tasks[t.Index].Id)).Select(task =>
        {
            var definition = run.Queue.Tasks[task.Index];
            var last = task.LastFailure;
            // An operator's cancel after the last failure (or without one) is what ended the task.
            var byOperator = cancelled.GetValueOrDefault(definition.Id) is { } o && (last is null || o.At >= last.At) ? o : null;
            return new FailedTaskReport(
                definition.Id, definition.Title,
                byOperator is not null ? $"cancelled by an operator: {byOperator.Reason}" : last?.Reason ?? "failed",
                byOperator is not null ? "operator" : Name(last?.Class.ToString() ?? "permanent"),
                last is null ? null : Name(last.Kind.ToString()), last?.ExitCode, last?.Signal,
                attempts[definition.Id].Select(a => new AttemptReport(
                    a.Attempt, DateTimeOffset.FromUnixTimeMilliseconds(a.StartMs),
                    a.EndMs is { } end ? DateTimeOffset.FromUnixTimeMilliseconds(end) : null, a.Seconds(),
                    Name(a.Outcome.ToString()), errors.GetValueOrDefault((definition.Id, a.Attempt)))).ToList(),
                (last?.StderrTail ?? []).TakeLast(StderrLines).ToList(),
                taskLog(definition.Id));
        }).ToList();
    }

    private static string Name(string value) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value);
}

/// <summary>A task that failed for good, in the report.</summary>
/// <param name="Error">Why: its last failure's reason, or the operator's cancel.</param>
/// <param name="Class"><c>transient</c> (retries used up), <c>permanent</c>, <c>critical</c> (the executor's fault), or <c>operator</c> (cancelled by hand).</param>
/// <param name="Kind">What its last failed attempt did: <c>exit_code</c>, <c>timeout</c>, <c>signal</c>, <c>success_criteria</c>, <c>executor_error</c>, <c>worker_lost</c>, …; null when it never failed on its own.</param>
/// <param name="Attempts">Every attempt, by the one definition of an attempt's span.</param>
/// <param name="StderrTail">The last lines its last failed attempt wrote to stderr.</param>
/// <param name="LogPath">The task's log (every attempt's output): its file in the run's home, or the monitor service's address of it.</param>
public sealed record FailedTaskReport(
    string Id, string Title, string Error, string Class, string? Kind, int? ExitCode, int? Signal,
    IReadOnlyList<AttemptReport> Attempts, IReadOnlyList<string> StderrTail, string LogPath);

/// <param name="DurationSeconds">End − start (<see cref="AttemptSpan"/>); null while it runs.</param>
/// <param name="Outcome"><c>running</c>, <c>succeeded</c>, <c>failed</c>, <c>cancelled</c>, <c>skipped</c>.</param>
/// <param name="Error">What it failed with; null unless it failed.</param>
public sealed record AttemptReport(int Attempt, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, double? DurationSeconds, string Outcome, string? Error);
