using TaskMaster.Core.ReadModel;

namespace TaskMaster.Monitor.Feed;

/// <summary>The <c>summary</c> of a feed update (docs/monitoring-contract.md): the status report's figures plus the health ones it leaves out.</summary>
internal sealed record FeedSummary(
    string RunId, RunPhase State, string? StateReason, double Percent, int Finished, int Total, FeedCounts Counts,
    IReadOnlyList<FeedCurrentTask> CurrentTasks, double? EtaSeconds, double AutonomyScore, double ErrorRate,
    double RecoveryRate, double Efficiency, CheckpointRef? LastCheckpoint)
{
    public static FeedSummary From(RunStatusReport report, HealthFigures health, MonitorRun run)
    {
        var c = report.TaskCounts;
        return new FeedSummary(
            report.RunId, report.State, report.StateReason, report.Progress.Percent, report.Progress.Finished, report.Progress.Total,
            new FeedCounts(c.Pending, c.Ready, c.Running, c.RetryWaiting, c.Succeeded, c.Failed, c.Blocked, c.Skipped),
            report.CurrentTasks.Select(t => new FeedCurrentTask(
                t.Id, t.Title, run.TryIndexOf(t.Id, out var i) ? run.Queue.Tasks[i].Description : "",
                t.Progress, t.Message, t.Attempt, t.MaxAttempts, t.StartedAt)).ToList(),
            report.EtaSeconds, report.AutonomyScore, report.ErrorRate, health.RecoveryRate, health.Efficiency, report.LastCheckpoint);
    }
}

internal sealed record FeedCounts(int Pending, int Ready, int Running, int RetryWaiting, int Succeeded, int Failed, int Blocked, int Skipped);

internal sealed record FeedCurrentTask(
    string Id, string Title, string Description, double Progress, string? Message, int Attempt, int MaxAttempts, DateTimeOffset? StartedAt);
