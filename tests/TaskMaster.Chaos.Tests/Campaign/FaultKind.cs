namespace TaskMaster.Chaos.Tests.Campaign;

/// <summary>
/// A kind of fault the campaign injects, by its name on the command line (<c>--kinds</c>). Each names the
/// part it hits and how it heals. The scheduler runs as replicas (<see cref="ChaosStack.SchedulerReplicas"/>):
/// the leader's and the standby's faults pick their replica by its role when they are injected; "scheduler-kill"
/// hits every replica at once (the whole scheduler service down, as with one replica).
/// </summary>
public sealed record FaultKind(string Name, string What)
{
    public static readonly FaultKind WorkerKill = new("worker-kill", "SIGKILL a worker, start it again after a hold");
    public static readonly FaultKind WorkerPause = new("worker-pause", "SIGSTOP a worker, SIGCONT it after a hold (longer than its 5 s lease at times)");
    public static readonly FaultKind SchedulerKill = new("scheduler-kill", "SIGKILL every scheduler replica, start them again after a hold");
    public static readonly FaultKind LeaderKill = new("leader-kill", "SIGKILL the scheduler replica that leads, start it again after a hold");
    public static readonly FaultKind LeaderPause = new("leader-pause", "SIGSTOP the scheduler replica that leads for longer than its lease, then SIGCONT it: it must step down");
    public static readonly FaultKind StandbyKill = new("standby-kill", "SIGKILL a scheduler replica that stands by, start it again after a hold");
    public static readonly FaultKind CheckpointKill = new("checkpoint-kill", "SIGKILL the checkpoint service, start it again after a hold");
    public static readonly FaultKind MonitorKill = new("monitor-kill", "SIGKILL the monitor service, start it again after a hold");
    public static readonly FaultKind RabbitMqRestart = new("rabbitmq-restart", "stop RabbitMQ (SIGTERM, awaited) and start it again on its data");
    public static readonly FaultKind RedisRestart = new("redis-restart", "SIGKILL Redis and start it again on its AOF");
    public static readonly FaultKind S3Outage = new("s3-outage", "stop the S3 server, start it again after a hold");
    public static readonly FaultKind WorkerDiskFull = new("worker-disk-full", "fill the small tmpfs a worker's task logs are on, free it after a hold");

    public static IReadOnlyList<FaultKind> All { get; } =
        [WorkerKill, WorkerPause, SchedulerKill, LeaderKill, LeaderPause, StandbyKill, CheckpointKill, MonitorKill, RabbitMqRestart, RedisRestart, S3Outage, WorkerDiskFull];

    /// <summary>The kinds <paramref name="list"/> names: <c>all</c>, or names separated by commas.</summary>
    /// <exception cref="ArgumentException">A name no kind has, with the names there are.</exception>
    public static IReadOnlyList<FaultKind> Parse(string list)
    {
        if (list.Trim() == "all") return All;
        var kinds = new List<FaultKind>();
        foreach (var name in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            kinds.Add(All.FirstOrDefault(k => k.Name == name)
                ?? throw new ArgumentException($"--kinds: no fault kind '{name}'; expected 'all' or some of: {string.Join(", ", All.Select(k => k.Name))}"));
        }
        return kinds.Count > 0 ? kinds.Distinct().ToList() : throw new ArgumentException("--kinds: no kind named; expected 'all' or some of: " + string.Join(", ", All.Select(k => k.Name)));
    }

    /// <summary>Whether it hits one of several workers (the schedule picks which).</summary>
    public bool HitsAWorker => Name.StartsWith("worker-", StringComparison.Ordinal);
}
