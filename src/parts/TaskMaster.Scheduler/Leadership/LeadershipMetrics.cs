using Prometheus;

namespace TaskMaster.Scheduler.Leadership;

/// <summary>
/// Leadership on <c>/metrics</c>: <c>taskmaster_scheduler_leader</c> (1 while this scheduler leads),
/// <c>taskmaster_scheduler_leadership_changes_total{change="won"|"lost"|"stopped"}</c>,
/// <c>taskmaster_scheduler_fencing_token</c> (the current term's; 0 while standing by) and
/// <c>taskmaster_scheduler_fenced_writes_total</c> (writes of this scheduler a store refused as stale).
/// </summary>
internal sealed class LeadershipMetrics
{
    private static readonly Gauge Leader = Metrics.CreateGauge("taskmaster_scheduler_leader", "1 while this scheduler holds the cluster's lease and leads; 0 while it stands by.");

    private static readonly Counter Changes = Metrics.CreateCounter("taskmaster_scheduler_leadership_changes_total",
        "Times this scheduler became leader (won) or stopped leading (lost: its lease ran out or a write was fenced; stopped: released on a graceful stop).",
        "change");

    private static readonly Gauge Token = Metrics.CreateGauge("taskmaster_scheduler_fencing_token", "The fencing token of the term this scheduler leads in; 0 while it stands by.");

    private static readonly Counter Fenced = Metrics.CreateCounter("taskmaster_scheduler_fenced_writes_total",
        "Writes of this scheduler that a store refused because a newer leader holds the run (each makes it step down).");

    public LeadershipMetrics()
    {
        Changes.WithLabels("won").IncTo(0);
        Changes.WithLabels("lost").IncTo(0);
        Changes.WithLabels("stopped").IncTo(0);
        Fenced.IncTo(0);
    }

    public void Won(long token)
    {
        Leader.Set(1);
        Token.Set(token);
        Changes.WithLabels("won").Inc();
    }

    public void Lost(string reason)
    {
        Leader.Set(0);
        Token.Set(0);
        Changes.WithLabels(reason).Inc();
    }

    public void FencedWrite() => Fenced.Inc();
}
