using TaskMaster.Core.ReadModel;

namespace TaskMaster.Monitor.Cluster;

/// <summary>
/// One line of the cluster's run list, as the run picker (<c>GET /api/v1/cluster/runs</c>) and
/// <c>MonitorService.ListRuns</c> give it (docs/monitoring-contract.md).
/// </summary>
/// <param name="State">As docs/status.md names it; null until the run's start is folded.</param>
/// <param name="Problem">Why the monitor cannot show the run; null when it can.</param>
public sealed record ClusterRunListing(
    string RunId, string QueueName, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, RunPhase? State,
    int Finished, int Total, double Percent, long Sequence, string? Problem)
{
    public static ClusterRunListing Of(ClusterRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var status = run.Status?.Snapshot(detailed: false);
        return new ClusterRunListing(run.RunId, run.Entry.QueueName, run.Entry.StartedAt, run.Entry.EndedAt, status?.State,
            status?.Progress.Finished ?? 0, status?.Progress.Total ?? run.Started?.TaskCount ?? 0, status?.Progress.Percent ?? 0,
            run.Sequence, run.Problem);
    }
}
