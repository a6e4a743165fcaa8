using TaskMaster.Core.Events;

namespace TaskMaster.Core.State;

/// <summary>
/// The one definition of when an attempt starts and ends, which every view uses (the run state and
/// so the status, the dashboard's rows, the timeline, the reports, the metrics, the terminal).
/// An attempt starts at its <see cref="TaskStarted"/>. It ends at the first event that ends it: its
/// <see cref="TaskSucceeded"/>, <see cref="TaskFailed"/> or <see cref="TaskCancelled"/>; the
/// <see cref="TaskOverridden"/> of an operator who took it away while it ran; the end of the run
/// (<see cref="RunCompleted"/>, <see cref="RunInterrupted"/>) for one still open; and, for one that a
/// killed executor left open, the last event that executor journaled (the resumed run's
/// <see cref="RunStarted"/> ends it there: nothing is known of it after). Its duration is end − start,
/// in whole milliseconds of the events' times, so that every view shows the same number.
/// </summary>
public static class AttemptSpan
{
    /// <summary>The attempt of one task that <paramref name="e"/> ends, and how; null when it ends none by itself.</summary>
    public static (string TaskId, int Attempt, AttemptOutcome Outcome)? EndedBy(RunEvent e) => e switch
    {
        TaskSucceeded s => (s.TaskId, s.Attempt, AttemptOutcome.Succeeded),
        TaskFailed f => (f.TaskId, f.Attempt, AttemptOutcome.Failed),
        TaskCancelled c => (c.TaskId, c.Attempt, AttemptOutcome.Cancelled),
        TaskOverridden { PreviousStatus: TaskStatus.Running } o => (o.TaskId, o.Attempt, o.Action switch
        {
            OverrideAction.Succeed => AttemptOutcome.Succeeded,
            OverrideAction.Skip => AttemptOutcome.Skipped,
            _ => AttemptOutcome.Cancelled,
        }),
        _ => null,
    };

    /// <summary>True when <paramref name="e"/> ends every attempt still open (as cancelled).</summary>
    public static bool EndsEveryOpenAttempt(RunEvent e) => e is RunCompleted or RunInterrupted or RunStarted { ResumedFrom: not null };

    /// <summary>
    /// When the attempts <paramref name="e"/> ends, ended: its time, except for a resumed run's start, which
    /// ends what the killed executor left open at <paramref name="previousEventAt"/>, the last event before it.
    /// </summary>
    public static DateTimeOffset EndTime(RunEvent e, DateTimeOffset? previousEventAt) =>
        e is RunStarted && previousEventAt is { } previous && previous < e.At ? previous : e.At;

    /// <summary>An attempt's duration: end − start in whole milliseconds (never negative).</summary>
    public static TimeSpan Duration(DateTimeOffset start, DateTimeOffset end) =>
        TimeSpan.FromMilliseconds(Math.Max(0, end.ToUnixTimeMilliseconds() - start.ToUnixTimeMilliseconds()));
}
