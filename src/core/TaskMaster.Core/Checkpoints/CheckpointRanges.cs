using System.Globalization;
using TaskMaster.Core.Display;
using TaskMaster.Core.State;
using TaskStatus = TaskMaster.Core.State.TaskStatus;

namespace TaskMaster.Core.Checkpoints;

/// <summary>
/// The values a checkpoint's numbers and names may take where a reader turns them into times,
/// durations, counts and states: a file that passes its checksum may still hold a time past year
/// 9999, a NaN or negative duration, a negative count or a status no run has, and each of those would
/// otherwise surface as an exception far from the file (a resume's <c>TimeSpan.FromMilliseconds</c>, an
/// <c>Enum.Parse</c>). The codec checks every document here before it hands it out, and the task table
/// turns its ticks into times here, so every such value is refused as a schema violation naming its path.
/// </summary>
internal static class CheckpointRanges
{
    // TimeSpan.FromMilliseconds overflows at its maximum itself: the bound is exclusive.
    private static readonly double MaxDurationMs = TimeSpan.MaxValue.TotalMilliseconds;

    private static readonly HashSet<string> RunStatuses = new(
        Enum.GetValues<RunStatus>().Select(CheckpointBuilder.StatusName), StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> TaskStatuses = new(
        Enum.GetValues<TaskStatus>().Select(CheckpointBuilder.StatusName), StringComparer.OrdinalIgnoreCase);

    /// <summary><paramref name="origin"/> plus <paramref name="ticks"/>, or false when that is not a date (before year 1 or after 9999).</summary>
    public static bool TryAddTicks(DateTimeOffset origin, long ticks, out DateTimeOffset at)
    {
        // Compared as the headroom on each side (a sum could overflow a long), in UTC and in the
        // origin's own clock time: both must stay dates (+14:00 at 9999-12-31 is past the end).
        if (!Fits(origin.UtcTicks, ticks) || !Fits(origin.Ticks, ticks))
        {
            at = default;
            return false;
        }
        at = origin.AddTicks(ticks);
        return true;
    }

    /// <summary>The first value of <paramref name="document"/> out of its range, as <c>path: what is wrong</c>; null when there is none.</summary>
    public static string? Problem(CheckpointDocument document)
    {
        var execution = document.ExecutionState;
        var counters = execution.Counters;
        return Count("$.sequence", document.Sequence)
            ?? Count("$.queue.task_count", document.Queue.TaskCount)
            ?? Count("$.journal.position", document.Journal.Position)
            ?? Name("$.execution_state.status", execution.Status, RunStatuses)
            ?? Count("$.execution_state.error_count", execution.ErrorCount)
            ?? Duration("$.execution_state.counters.succeeded_duration_ms", counters.SucceededDurationMs)
            ?? Duration("$.execution_state.counters.attempt_duration_ms", counters.AttemptDurationMs)
            ?? Count("$.execution_state.counters.recovered_failures", counters.RecoveredFailures)
            ?? Count("$.execution_state.counters.unrecovered_failures", counters.UnrecoveredFailures)
            ?? Count("$.execution_state.counters.operator_actions", counters.OperatorActions)
            ?? Tasks(execution.Tasks)
            ?? Errors(document.ErrorLog)
            ?? Timers(document.RecoveryInformation.RetryTimers);
    }

    private static string? Tasks(IReadOnlyList<TaskCheckpoint> tasks)
    {
        for (var i = 0; i < tasks.Count; i++)
        {
            var task = tasks[i];
            var at = $"$.execution_state.tasks[{i}] ({task.Id})";
            var problem = Name($"{at}.status", task.Status, TaskStatuses)
                // The next attempt's number is one more: it must still be a number.
                ?? (task.Attempt is < 0 or int.MaxValue ? $"{at}.attempt: {task.Attempt} is not an attempt number (0 to {int.MaxValue - 1:N0})" : null)
                ?? Count($"{at}.transient_failures", task.TransientFailures)
                ?? Count($"{at}.executor_failures", task.ExecutorFailures)
                ?? (task.DurationMs is { } ms ? Duration($"{at}.duration_ms", ms) : null)
                ?? (task.LastFailure is { } failure ? Error($"{at}.last_failure", failure) : null);
            if (problem is not null) return problem;
        }
        return null;
    }

    private static string? Errors(IReadOnlyList<ErrorLogEntry> errors)
    {
        for (var i = 0; i < errors.Count; i++)
            if (Error($"$.error_log[{i}]", errors[i]) is { } problem) return problem;
        return null;
    }

    private static string? Error(string at, ErrorLogEntry entry) => entry.Attempt is { } attempt ? Count($"{at}.attempt", attempt) : null;

    private static string? Timers(IReadOnlyList<RetryTimer> timers)
    {
        for (var i = 0; i < timers.Count; i++)
            if (timers[i].NextAttempt < 1) return $"$.recovery_information.retry_timers[{i}].next_attempt: {timers[i].NextAttempt} is not an attempt number (1 or more)";
        return null;
    }

    private static string? Count(string at, long value) =>
        value < 0 ? $"{at}: {value.ToString(CultureInfo.InvariantCulture)} is not a count (0 or more)" : null;

    private static string? Duration(string at, double ms) =>
        double.IsFinite(ms) && ms >= 0 && ms < MaxDurationMs ? null
            : $"{at}: {ms.ToString(CultureInfo.InvariantCulture)} is not a duration in milliseconds (0 to {MaxDurationMs:E3})";

    private static string? Name(string at, string value, HashSet<string> names) =>
        names.Contains(value) ? null : $"{at}: {QuotedValue.Of(value)} is not one of {string.Join(", ", names)}";

    private static bool Fits(long from, long ticks) => ticks > 0 ? ticks <= DateTime.MaxValue.Ticks - from : ticks >= -from;
}
