using TaskMaster.Core.ReadModel;

namespace TaskMaster.Monitor.Runs;

/// <summary>The runs of a home, newest first (<c>task-master runs</c>, <c>GET /api/v1/runs</c>; docs/runs.md).</summary>
public sealed record RunList(IReadOnlyList<RunListing> Runs);

/// <summary>
/// One run of a home as <c>task-master runs</c> lists it. From its executor while one runs it, else
/// from the same computation <c>status</c> makes for a run no executor runs (<see cref="LastKnownStatus"/>).
/// When that cannot be made (its queue file changed, say), <see cref="Problem"/> says why and the
/// state and counts are null.
/// </summary>
/// <param name="State">As <c>status</c> names it: running, paused, completed, failed or stopped.</param>
/// <param name="Live">True when a running executor answered for it.</param>
/// <param name="EndedAt">When it completed, failed or was stopped; null while it runs, and when its executor was killed.</param>
/// <param name="DurationSeconds">From its start to its end, or to now while it runs; null when its end is unknown.</param>
public sealed record RunListing(
    string RunId, QueueRef? Queue, RunPhase? State, string? StateReason, bool Live,
    DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, double? DurationSeconds, RunCounts? Counts, string? Problem)
{
    /// <summary>A run's line from its status report.</summary>
    public static RunListing From(RunStatusReport report, DateTimeOffset? endedAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(report);
        var end = endedAt ?? (report.Live && report.State is RunPhase.Running or RunPhase.Paused ? now : (DateTimeOffset?)null);
        double? duration = end is { } e && report.StartedAt is { } start && e >= start ? Math.Round((e - start).TotalSeconds, 3) : null;
        return new RunListing(report.RunId, report.Queue, report.State, report.StateReason, report.Live,
            report.StartedAt, endedAt, duration, RunCounts.From(report.TaskCounts), Problem: null);
    }
}

/// <summary>
/// A run's tasks by where they are; the counts add up to <see cref="Total"/>, so a failed run never reads as done.
/// </summary>
/// <param name="Pending">Waiting to run: for their dependencies, a slot, or a retry.</param>
public sealed record RunCounts(int Total, int Succeeded, int Failed, int Blocked, int Skipped, int Running, int Pending)
{
    public static RunCounts From(TaskCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return new RunCounts(counts.Total, counts.Succeeded, counts.Failed, counts.Blocked, counts.Skipped, counts.Running,
            counts.Pending + counts.Ready + counts.RetryWaiting);
    }
}
