namespace TaskMaster.RabbitMq;

/// <summary>
/// The queues of one cluster. Attempts wait in one queue that every worker consumes (so any free
/// worker takes the next one); what workers report goes to the scheduler's queue; both are durable
/// and their messages persistent, so they survive a broker restart. Each worker has a queue of its
/// own for cancels, gone with it, and so has each monitor replica for the workers' log lines (published:
/// every replica gets every batch). Classic queues, not quorum ones: a sender declares the queue it
/// sends to as well as its consumer does, and MassTransit's send addresses cannot ask for a quorum queue.
/// </summary>
public sealed record BrokerTopology(string Prefix)
{
    public string AttemptsQueue => $"{Prefix}-attempts";

    public string SchedulerQueue => $"{Prefix}-scheduler";

    public string WorkerQueue(string workerId) => $"{Prefix}-worker-{workerId}";

    /// <summary>A monitor replica's own queue of the workers' log lines, bound to their exchange.</summary>
    public string MonitorLogsQueue(string replicaId) => $"{Prefix}-monitor-{replicaId}";

    public Uri AttemptsAddress => new($"queue:{AttemptsQueue}");

    public Uri SchedulerAddress => new($"queue:{SchedulerQueue}");
}
